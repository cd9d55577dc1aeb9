import { z } from 'zod';
import { Timestamp } from './common.js';
import { DisplayName, Password, User, Username } from './users.js';

/** `POST /api/auth/register`. */
export const RegisterBody = z
  .object({ username: Username, password: Password, displayName: DisplayName.optional() })
  .strict();
export type RegisterBody = z.infer<typeof RegisterBody>;

/** `POST /api/auth/login`: no format rules beyond size, so a wrong guess never leaks the rules. */
export const LoginBody = z
  .object({ username: z.string().min(1).max(128), password: z.string().min(1).max(256) })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

/** `POST /api/auth/refresh` and `POST /api/auth/logout`. */
export const RefreshBody = z.object({ refreshToken: z.string().min(1).max(256) }).strict();
export type RefreshBody = z.infer<typeof RefreshBody>;

/** A fresh session: short-lived access token (JWT) and a rotating refresh token. */
export const AuthSession = z.object({
  user: User,
  accessToken: z.string(),
  accessTokenExpiresAt: Timestamp,
  refreshToken: z.string(),
  refreshTokenExpiresAt: Timestamp,
});
export type AuthSession = z.infer<typeof AuthSession>;
