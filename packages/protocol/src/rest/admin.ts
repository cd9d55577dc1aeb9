import { z } from 'zod';
import { boundedText } from '../text.js';
import { Id, Timestamp } from './common.js';
import { RoomType, RoomVisibility } from './rooms.js';
import { Password, User, UserRef } from './users.js';

const Limit = z
  .string()
  .regex(/^\d{1,3}$/, { message: 'must be a whole number' })
  .transform(Number)
  .pipe(z.number().int().min(1).max(100));

/** An opaque paging cursor handed back by the previous page. */
const Cursor = z.string().min(1).max(200).regex(/^[\w.:=-]+$/, { message: 'must be a cursor from a previous page' });

/** A case-insensitive substring of a username or display name (or room name). */
const SearchTerm = boundedText(0, 64);

/** Path parameters of `/api/admin/users/:userId`. */
export const AdminUserParams = z.object({ userId: Id });

/** A user as instance admins see them. `lastActiveAt` is the newest session use, null if never signed in. */
export const AdminUser = User.extend({
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  lastActiveAt: Timestamp.nullable(),
  online: z.boolean(),
});
export type AdminUser = z.infer<typeof AdminUser>;

/** `GET /api/admin/users?q=&filter=&cursor=&limit=`: oldest account first. */
export const AdminUsersQuery = z
  .object({
    q: SearchTerm.optional(),
    filter: z.enum(['all', 'admins', 'disabled']).default('all'),
    cursor: Cursor.optional(),
    limit: Limit.default(50),
  })
  .strict();
export type AdminUsersQuery = z.infer<typeof AdminUsersQuery>;

export const AdminUsersPage = z.object({ users: z.array(AdminUser), nextCursor: z.string().nullable() });
export type AdminUsersPage = z.infer<typeof AdminUsersPage>;

/**
 * `PATCH /api/admin/users/:userId`. Disabling ends every session and closes the user's sockets at
 * once; access tokens stop working. Nobody can disable or demote themselves or the last admin.
 */
export const UpdateAdminUserBody = z
  .object({ disabled: z.boolean().optional(), isAdmin: z.boolean().optional() })
  .strict()
  .refine((b) => b.disabled !== undefined || b.isAdmin !== undefined, { message: 'must set disabled or isAdmin' });
export type UpdateAdminUserBody = z.infer<typeof UpdateAdminUserBody>;

/** `POST /api/admin/users/:userId/password-reset`: a one-time link (valid one hour) or a temporary password. */
export const PasswordResetBody = z.object({ mode: z.enum(['link', 'temporary']) }).strict();
export type PasswordResetBody = z.infer<typeof PasswordResetBody>;

/**
 * Shown once and never stored in the clear. `link` is a path (`/reset-password#<token>`) the web
 * client prefixes with its origin. A temporary password ends the user's sessions and must be
 * changed at the next sign-in (`Me.passwordChangeRequired`).
 */
export const PasswordResetAnswer = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('link'), link: z.string(), expiresAt: Timestamp }),
  z.object({ mode: z.literal('temporary'), temporaryPassword: z.string() }),
]);
export type PasswordResetAnswer = z.infer<typeof PasswordResetAnswer>;

/** `POST /api/auth/password-reset` (no sign-in): spends a reset link's token once. */
export const RedeemPasswordResetBody = z
  .object({ token: z.string().min(20).max(200).regex(/^[\w-]+$/, { message: 'must be a reset token' }), newPassword: Password })
  .strict();
export type RedeemPasswordResetBody = z.infer<typeof RedeemPasswordResetBody>;

/** Path parameters of `/api/admin/rooms/:id`. */
export const AdminRoomParams = z.object({ id: Id });

/**
 * A room as instance admins see it: metadata and counts only. No message of a private room (or a
 * direct conversation) ever reaches the admin console.
 */
export const AdminRoom = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  visibility: RoomVisibility,
  type: RoomType,
  owner: UserRef.nullable(),
  memberCount: z.number().int(),
  messageCount: z.number().int(),
  lastMessageAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type AdminRoom = z.infer<typeof AdminRoom>;

/** `GET /api/admin/rooms?q=&cursor=&limit=`: live rooms (not deleted), most recently active first. */
export const AdminRoomsQuery = z
  .object({ q: SearchTerm.optional(), type: z.enum(['all', 'room', 'direct']).default('room'), cursor: Cursor.optional(), limit: Limit.default(50) })
  .strict();
export type AdminRoomsQuery = z.infer<typeof AdminRoomsQuery>;

export const AdminRoomsPage = z.object({ rooms: z.array(AdminRoom), nextCursor: z.string().nullable() });
export type AdminRoomsPage = z.infer<typeof AdminRoomsPage>;

/** `POST /api/admin/rooms/:id/transfer`: makes a current member the owner; the old owner becomes admin. */
export const AdminTransferBody = z.object({ userId: Id }).strict();
export type AdminTransferBody = z.infer<typeof AdminTransferBody>;

/** One point of a time series: the start of its bucket and the value in it. */
export const SeriesPoint = z.object({ at: Timestamp, value: z.number() });
export type SeriesPoint = z.infer<typeof SeriesPoint>;

/** One running server, as its own heartbeat last reported it. */
export const InstanceStats = z.object({
  id: z.string(),
  sockets: z.number().int(),
  onlineUsers: z.number().int(),
  startedAt: Timestamp,
  lastSeenAt: Timestamp,
});
export type InstanceStats = z.infer<typeof InstanceStats>;

/**
 * `GET /api/admin/stats`: the dashboard. Series are oldest first with empty buckets as 0:
 * `messagesPerHour24h` 24 points, `messagesPerHour30d` 720, `onlineUsers24h` one point per
 * sample interval (5 minutes) from the server's own samples.
 */
export const AdminStats = z.object({
  generatedAt: Timestamp,
  onlineUsers: z.number().int(),
  instances: z.array(InstanceStats),
  totals: z.object({ users: z.number().int(), rooms: z.number().int(), messages: z.number().int() }),
  storage: z.object({ databaseBytes: z.number().int(), uploadsBytes: z.number().int(), uploadsFiles: z.number().int() }),
  messagesPerHour24h: z.array(SeriesPoint),
  messagesPerHour30d: z.array(SeriesPoint),
  onlineUsers24h: z.array(SeriesPoint),
});
export type AdminStats = z.infer<typeof AdminStats>;
