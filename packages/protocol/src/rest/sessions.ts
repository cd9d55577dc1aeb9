import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** One signed-in device: a refresh-token family, from login until it is revoked or expires. */
export const SessionInfo = z.object({
  id: Id,
  createdAt: Timestamp,
  /** The last login or token refresh of this session. */
  lastUsedAt: Timestamp,
  /** The User-Agent header at the last use, truncated; '' when none was sent. */
  userAgent: z.string(),
  /** The client address at the last use, as the server saw it (behind trusted proxies: X-Forwarded-For). */
  ip: z.string(),
  /** True for the session of the access token that asked. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** `GET /api/me/sessions`: the caller's live sessions, most recently used first. */
export const SessionList = z.object({ sessions: z.array(SessionInfo) });
export type SessionList = z.infer<typeof SessionList>;

/** Path parameters of `DELETE /api/me/sessions/:id`. */
export const SessionParams = z.object({ id: Id });

/** `POST /api/me/sessions/revoke-all`: log out other devices, or every device including this one. */
export const RevokeAllSessionsBody = z.object({ includeCurrent: z.boolean() }).strict();
export type RevokeAllSessionsBody = z.infer<typeof RevokeAllSessionsBody>;

/** `POST /api/me/sessions/revoke-all` answer: how many sessions were ended. */
export const RevokeAllSessionsResult = z.object({ revoked: z.number().int().min(0) });
export type RevokeAllSessionsResult = z.infer<typeof RevokeAllSessionsResult>;
