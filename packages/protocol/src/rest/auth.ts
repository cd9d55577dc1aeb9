import { z } from 'zod';
import { Timestamp } from './common.js';
import { DisplayName, Password, User, Username } from './users.js';

/** `POST /api/auth/register`. */
export const RegisterBody = z
  .object({
    username: Username,
    password: Password,
    displayName: DisplayName.optional(),
    /** A room invite code: required when registration is invite-only; the new account joins that room. */
    inviteCode: z.string().min(1).max(128).optional(),
  })
  .strict();
export type RegisterBody = z.infer<typeof RegisterBody>;

/** `POST /api/auth/login`: no format rules beyond size, so a wrong guess never leaks the rules. */
export const LoginBody = z
  .object({
    // NUL only: PostgreSQL cannot take it as a query parameter, so it would be a 500 there.
    username: z.string().min(1).max(128).refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL' }),
    password: z.string().min(1).max(256),
  })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

/** The HttpOnly cookie that carries the refresh token, sent by the browser to `/api/auth/*` only. */
export const REFRESH_COOKIE = 'parley_refresh';

/**
 * `POST /api/auth/refresh` and `POST /api/auth/logout` take the refresh token from the
 * `parley_refresh` cookie. The body may be absent or `{}`; anything else is refused, so a client
 * that still sends `refreshToken` in the body hears about it instead of being silently signed out.
 * (nullish: Fastify hands a body-less request to the validator as null.)
 */
export const RefreshBody = z.object({}).strict().nullish();
export type RefreshBody = z.infer<typeof RefreshBody>;

/**
 * A fresh session: short-lived access token (JWT) and when the rotating refresh token expires.
 * The refresh token itself travels only in the HttpOnly `parley_refresh` cookie, so no script can read it.
 */
export const AuthSession = z.object({
  user: User,
  accessToken: z.string(),
  accessTokenExpiresAt: Timestamp,
  refreshTokenExpiresAt: Timestamp,
});
export type AuthSession = z.infer<typeof AuthSession>;
