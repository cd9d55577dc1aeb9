import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { UserRef } from './users.js';

/** Every security event the audit log records. Room actions carry a room; `auth.*` actions do not. */
export const AuditAction = z.enum([
  'auth.login_failed',
  'auth.password_changed',
  'auth.sessions_revoked',
  'auth.access_token_created',
  'auth.access_token_revoked',
  'room.role_changed',
  'room.member_kicked',
  'room.member_banned',
  'room.member_unbanned',
  'room.owner_transferred',
  'room.deleted',
  'room.updated',
  'invite.created',
  'invite.revoked',
  'message.deleted_by_moderator',
  'webhook.created',
  'webhook.revoked',
  'admin.created',
  'admin.user_disabled',
  'admin.user_enabled',
  'admin.user_promoted',
  'admin.user_demoted',
  'admin.password_reset',
  'admin.room_deleted',
  'admin.room_transferred',
  'admin.settings_updated',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** Small, flat facts about an event (old and new name, new role, attempted username): never a secret. */
export const AuditDetails = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditDetails = z.infer<typeof AuditDetails>;

/**
 * One audit entry. `actor` is null for an unauthenticated attempt (a failed login); `ip` is shown to
 * instance admins only and is null in a room's log.
 */
export const AuditEntry = z.object({
  id: Id,
  at: Timestamp,
  action: AuditAction,
  actor: UserRef.nullable(),
  roomId: Id.nullable(),
  target: UserRef.nullable(),
  ip: z.string().nullable(),
  details: AuditDetails,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** A page of entries, newest first; pass the last entry's id as `before` for the next page. */
export const AuditPage = z.object({ entries: z.array(AuditEntry), hasMore: z.boolean() });
export type AuditPage = z.infer<typeof AuditPage>;

const Limit = z
  .string()
  .regex(/^\d{1,3}$/, { message: 'must be a whole number' })
  .transform(Number)
  .pipe(z.number().int().min(1).max(100));

/** `GET /api/rooms/:id/audit?before=&limit=`: the room owner's view of the room's log. */
export const RoomAuditQuery = z.object({ before: Id.optional(), limit: Limit.default(50) }).strict();
export type RoomAuditQuery = z.infer<typeof RoomAuditQuery>;

/** `GET /api/admin/audit?before=&limit=&action=&roomId=&userId=`: the instance-wide log, for instance admins. */
export const AdminAuditQuery = RoomAuditQuery.extend({
  action: AuditAction.optional(),
  roomId: Id.optional(),
  /** Entries where this user is the actor or the target. */
  userId: Id.optional(),
}).strict();
export type AdminAuditQuery = z.infer<typeof AdminAuditQuery>;
