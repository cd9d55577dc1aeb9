import type { AccessTokenScope } from '@parley/protocol';
import type { UserRecord } from './types.js';

/** A personal access token as stored: the secret itself is never kept, only its SHA-256. */
export interface AccessTokenRecord {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  scopes: AccessTokenScope[];
  createdAt: number;
  lastUsedAt: number | null;
  /** Null: never expires. */
  expiresAt: number | null;
}

export interface AccessTokenRepository {
  /**
   * Inserts the token unless the user already has `max` live ones (counted in the same transaction,
   * so two concurrent creations cannot both pass); false when the limit was reached.
   */
  createWithin(token: AccessTokenRecord, max: number, now: number): Promise<boolean>;
  /** Tokens neither revoked nor expired at `now`, newest first. */
  listLive(userId: string, now: number): Promise<AccessTokenRecord[]>;
  /** Revokes one of the user's live tokens; false when it is unknown, someone else's, or already ended. */
  revoke(userId: string, id: string, now: number): Promise<boolean>;
  /** A live token by the hash of its secret, with its user. */
  findLive(tokenHash: string, now: number): Promise<{ token: AccessTokenRecord; user: UserRecord } | undefined>;
  /** Sets lastUsedAt to `now` unless it was set after `unlessAfter` (so busy tokens write at most once a minute). */
  touch(id: string, now: number, unlessAfter: number): Promise<void>;
  /** True while the token is neither revoked nor expired. */
  isLive(id: string, now: number): Promise<boolean>;
}
