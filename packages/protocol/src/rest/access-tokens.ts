import { z } from 'zod';
import { nameText } from '../text.js';
import { Id, Timestamp } from './common.js';

/** What a personal access token may do: `read` (GET routes, socket reads), `write` (everything else but account management). */
export const AccessTokenScope = z.enum(['read', 'write']);
export type AccessTokenScope = z.infer<typeof AccessTokenScope>;

/** `POST /api/me/access-tokens`. Without `expiresInDays` the token lives until revoked. */
export const CreateAccessTokenBody = z
  .object({
    name: nameText(1, 64),
    scopes: z
      .array(AccessTokenScope)
      .min(1)
      .max(2)
      .refine((s) => new Set(s).size === s.length, 'must not repeat a scope'),
    expiresInDays: z.number().int().min(1).max(365).optional(),
  })
  .strict();
export type CreateAccessTokenBody = z.infer<typeof CreateAccessTokenBody>;

/** A live token as listed; the secret itself is never shown again after creation. */
export const AccessTokenInfo = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(AccessTokenScope),
  createdAt: Timestamp,
  /** Last authenticated use, to the minute; null when never used. */
  lastUsedAt: Timestamp.nullable(),
  /** Null: never expires. */
  expiresAt: Timestamp.nullable(),
});
export type AccessTokenInfo = z.infer<typeof AccessTokenInfo>;

/** `POST /api/me/access-tokens` answer (201): the token, shown this once (`plt_` + 43 base64url characters). */
export const CreatedAccessToken = AccessTokenInfo.extend({ token: z.string() });
export type CreatedAccessToken = z.infer<typeof CreatedAccessToken>;

/** `GET /api/me/access-tokens`: the caller's live tokens, newest first. */
export const AccessTokenList = z.object({ tokens: z.array(AccessTokenInfo) });
export type AccessTokenList = z.infer<typeof AccessTokenList>;

/** Path parameters of `DELETE /api/me/access-tokens/:id`. */
export const AccessTokenParams = z.object({ id: Id });
