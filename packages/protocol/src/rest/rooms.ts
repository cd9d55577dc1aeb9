import { z } from 'zod';
import { boundedText, nameText } from '../text.js';
import { Id, Seq, Timestamp } from './common.js';
import { UserRef } from './users.js';

export const RoomVisibility = z.enum(['public', 'private']);
export type RoomVisibility = z.infer<typeof RoomVisibility>;

/** `direct`: a direct-message conversation of 2-8 people (private, no owner, no settings). */
export const RoomType = z.enum(['room', 'direct']);
export type RoomType = z.infer<typeof RoomType>;

/** Most people in one direct-message conversation, the caller included. */
export const DIRECT_MAX_MEMBERS = 8;

export const RoomRole = z.enum(['owner', 'admin', 'member']);
export type RoomRole = z.infer<typeof RoomRole>;

export const RoomName = nameText(1, 80);
export const RoomDescription = boundedText(0, 500);

/** Unread counts stop here; a client shows the cap as "999+". */
export const UNREAD_CAP = 1000;

/**
 * A room as the caller may see it. `myRole` is null when the caller is not a member; the caller's
 * read marker, unread count and mute flag are then 0, 0 and false.
 */
export const Room = z.object({
  id: Id,
  type: RoomType,
  /** Empty for a direct room: clients name it from `directMembers`. */
  name: z.string(),
  description: z.string(),
  visibility: RoomVisibility,
  createdAt: Timestamp,
  lastSeq: Seq,
  memberCount: z.number().int(),
  onlineCount: z.number().int(),
  myRole: RoomRole.nullable(),
  /** Highest seq the caller has read (server-side, so it follows them across devices). */
  lastReadSeq: Seq,
  /** Messages from others after `lastReadSeq`, system messages excluded, at most UNREAD_CAP. */
  unreadCount: z.number().int(),
  /** Of those, the ones that mention the caller (`@name`, or `@here`/`@all` by an owner or admin), at most UNREAD_CAP. */
  mentionCount: z.number().int(),
  /** The caller turned notifications for this room off. */
  muted: z.boolean(),
  /** Direct rooms only: everyone in the conversation now, the caller included. */
  directMembers: z.array(UserRef).max(DIRECT_MAX_MEMBERS).optional(),
});
export type Room = z.infer<typeof Room>;

/** `PUT /api/rooms/:id/read`: moves the caller's read marker forward (never back, never past lastSeq). */
export const MarkReadBody = z.object({ seq: Seq }).strict();
export type MarkReadBody = z.infer<typeof MarkReadBody>;

/** `PUT /api/rooms/:id/notifications`: per-room mute for the caller. */
export const RoomNotificationsBody = z.object({ muted: z.boolean() }).strict();
export type RoomNotificationsBody = z.infer<typeof RoomNotificationsBody>;

/** The caller's own state in a room: the answer to both routes above, and the `membership.updated` frame. */
export const MembershipState = z.object({
  roomId: Id,
  lastReadSeq: Seq,
  unreadCount: z.number().int(),
  mentionCount: z.number().int(),
  muted: z.boolean(),
});
export type MembershipState = z.infer<typeof MembershipState>;

/** `GET /api/rooms`: public rooms and the caller's private rooms. */
export const RoomList = z.object({ rooms: z.array(Room) });
export type RoomList = z.infer<typeof RoomList>;

/** `POST /api/rooms`. */
export const CreateRoomBody = z
  .object({
    name: RoomName,
    description: RoomDescription.default(''),
    visibility: RoomVisibility.default('public'),
  })
  .strict();
export type CreateRoomBody = z.infer<typeof CreateRoomBody>;

/** `PATCH /api/rooms/:id` (owner or admin). */
export const UpdateRoomBody = z
  .object({ name: RoomName.optional(), description: RoomDescription.optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.description !== undefined, {
    message: 'give name or description',
  });
export type UpdateRoomBody = z.infer<typeof UpdateRoomBody>;

/** `POST /api/rooms/:id/join`: a private room needs a valid invite code. */
export const JoinRoomBody = z.object({ inviteCode: z.string().min(1).max(128).optional() }).strict();
export type JoinRoomBody = z.infer<typeof JoinRoomBody>;

/** `POST /api/rooms/:id/invites` (owner or admin). */
export const CreateInviteBody = z
  .object({ expiresInHours: z.number().int().min(1).max(720).default(168) })
  .strict();
export type CreateInviteBody = z.infer<typeof CreateInviteBody>;

/** An invite code; shown once, stored only as a hash. `id` names it for listing and revoking. */
export const Invite = z.object({ id: Id, roomId: Id, code: z.string(), expiresAt: Timestamp });
export type Invite = z.infer<typeof Invite>;

/** `POST /api/rooms/:id/members/:userId/role` (owner only). */
export const SetRoleBody = z.object({ role: z.enum(['admin', 'member']) }).strict();
export type SetRoleBody = z.infer<typeof SetRoleBody>;

/** One member of a room. */
export const Member = z.object({
  user: UserRef,
  role: RoomRole,
  joinedAt: Timestamp,
  online: z.boolean(),
  /** The member's own status line ("在开会", "on holiday"); empty when unset. */
  statusText: z.string(),
});
export type Member = z.infer<typeof Member>;

/** `GET /api/rooms/:id/members`. */
export const MemberList = z.object({ members: z.array(Member) });
export type MemberList = z.infer<typeof MemberList>;
