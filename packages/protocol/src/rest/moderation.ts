import { z } from 'zod';
import { boundedText } from '../text.js';
import { Id, Timestamp } from './common.js';
import { UserRef } from './users.js';

/** A moderator's note on a ban, shown to owners and admins only; never part of the room's stream. */
export const BanReason = boundedText(0, 200);

/** `PUT /api/rooms/:id/bans/:userId` (owner or admin): bans a member or a non-member. */
export const BanBody = z.object({ reason: BanReason.optional() }).strict();
export type BanBody = z.infer<typeof BanBody>;

/** One banned user of a room; `reason` is null when none was given. */
export const Ban = z.object({
  user: UserRef,
  by: UserRef,
  at: Timestamp,
  reason: z.string().nullable(),
});
export type Ban = z.infer<typeof Ban>;

/** `GET /api/rooms/:id/bans` (owner or admin), newest first. */
export const BanList = z.object({ bans: z.array(Ban) });
export type BanList = z.infer<typeof BanList>;

/** A live invite as listed: never its code, which is stored only as a hash. */
export const InviteSummary = z.object({
  id: Id,
  createdBy: UserRef,
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type InviteSummary = z.infer<typeof InviteSummary>;

/** `GET /api/rooms/:id/invites` (owner or admin): invites not yet expired or revoked, newest first. */
export const InviteList = z.object({ invites: z.array(InviteSummary) });
export type InviteList = z.infer<typeof InviteList>;

/** Path parameters of `/api/rooms/:id/invites/:inviteId`. */
export const InviteParams = z.object({ id: Id, inviteId: Id });

/** `POST /api/rooms/:id/transfer` (owner only): the member who becomes the owner; the old owner becomes an admin. */
export const TransferOwnershipBody = z.object({ userId: Id }).strict();
export type TransferOwnershipBody = z.infer<typeof TransferOwnershipBody>;
