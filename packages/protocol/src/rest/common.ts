import { z } from 'zod';

/** Server-generated identifier (UUID). */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** A per-room message sequence number: 1, 2, 3 … with no gaps. */
export const Seq = z.number().int().min(0).max(2_147_483_647);

/** ISO 8601 timestamp in UTC. */
export const Timestamp = z.string();

/** Path parameters of `/api/rooms/:id`. */
export const RoomParams = z.object({ id: Id });
/** Path parameters of `/api/rooms/:id/members/:userId`. */
export const MemberParams = z.object({ id: Id, userId: Id });
