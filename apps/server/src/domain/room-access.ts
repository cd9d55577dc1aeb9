import type { RoomRole } from '@parley/protocol';
import type { RoomRecord, Store } from '../storage/types.js';
import { DomainError, roomNotFound } from './errors.js';

/**
 * The room if the user may see it: any live public room, or a live private room they belong to.
 * Everything else is `room_not_found`, so a private room is indistinguishable from none.
 */
export async function getReadableRoom(
  store: Store,
  roomId: string,
  userId: string,
): Promise<{ room: RoomRecord; role: RoomRole | undefined }> {
  const room = await store.rooms.findById(roomId);
  if (!room || room.deletedAt !== null) throw roomNotFound();
  const role = await store.members.findRole(roomId, userId);
  if (room.visibility === 'private' && !role) throw roomNotFound();
  return { room, role };
}

/** Like getReadableRoom, but the user must be a member. */
export async function getMemberRoom(store: Store, roomId: string, userId: string): Promise<{ room: RoomRecord; role: RoomRole }> {
  const { room, role } = await getReadableRoom(store, roomId, userId);
  if (!role) throw new DomainError('not_room_member', 'You are not a member of this room');
  return { room, role };
}

/** Throws `insufficient_role` unless the rule allows it. */
export function requireRole(allowed: boolean, action: string): void {
  if (!allowed) throw new DomainError('insufficient_role', `Your role in this room does not allow you to ${action}`);
}
