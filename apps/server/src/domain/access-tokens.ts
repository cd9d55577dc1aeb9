import { randomBytes, randomUUID } from 'node:crypto';
import type { AccessTokenInfo, AccessTokenScope, CreateAccessTokenBody, CreatedAccessToken } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import { sha256Hex } from '../lib/sha256.js';
import type { AccessTokenRecord } from '../storage/access-token-types.js';
import type { Store, UserRecord } from '../storage/types.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';

/** Every personal access token starts with this, so it is told apart from a JWT and easy to spot in a leak scan. */
export const ACCESS_TOKEN_PREFIX = 'plt_';
/** Live tokens one user may hold. */
export const MAX_ACCESS_TOKENS = 50;
/** lastUsedAt is written at most this often per token: a busy script must not turn every read into a write. */
const TOUCH_EVERY_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The session id a PAT-authenticated request or socket carries. Revocation publishes it as a
 * revoked session, so the sockets authenticated with the token close like a revoked login's.
 */
export function accessTokenSessionId(tokenId: string): string {
  return `pat:${tokenId}`;
}

/** The token id inside a PAT session id; undefined for a login session. */
export function accessTokenIdOf(sessionId: string): string | undefined {
  return sessionId.startsWith('pat:') ? sessionId.slice(4) : undefined;
}

function toInfo(t: AccessTokenRecord): AccessTokenInfo {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return { id: t.id, name: t.name, scopes: t.scopes, createdAt: new Date(t.createdAt).toISOString(), lastUsedAt: iso(t.lastUsedAt), expiresAt: iso(t.expiresAt) };
}

export interface AccessTokenDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  audit: AuditLog;
}

/** Personal access tokens: created and revoked by a signed-in user (never by another token, see access-token-scope.ts). */
export function createAccessTokenService({ store, bus, clock, audit }: AccessTokenDeps) {
  return {
    /** The secret is returned here and never again: only its SHA-256 is stored. */
    async create(userId: string, body: CreateAccessTokenBody): Promise<CreatedAccessToken> {
      const now = clock();
      const token = `${ACCESS_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const record: AccessTokenRecord = {
        id: randomUUID(),
        userId,
        name: body.name,
        tokenHash: sha256Hex(token),
        // Stored in one order whatever order they were sent in.
        scopes: (['read', 'write'] as const).filter((s) => body.scopes.includes(s)),
        createdAt: now,
        lastUsedAt: null,
        expiresAt: body.expiresInDays === undefined ? null : now + body.expiresInDays * DAY_MS,
      };
      if (!(await store.accessTokens.createWithin(record, MAX_ACCESS_TOKENS, now))) {
        throw new DomainError('access_token_limit', `At most ${MAX_ACCESS_TOKENS} access tokens; revoke one first`);
      }
      // `id`, not `tokenId`: the audit log drops detail keys that look like credentials.
      await audit.record({ action: 'auth.access_token_created', actorId: userId, targetUserId: userId, details: { id: record.id, name: record.name, scopes: record.scopes.join(',') } });
      return { ...toInfo(record), token };
    },

    async list(userId: string): Promise<AccessTokenInfo[]> {
      return (await store.accessTokens.listLive(userId, clock())).map(toInfo);
    },

    /** Revokes one of the user's tokens and closes its sockets; another user's id is as unknown as a made-up one. */
    async revoke(userId: string, tokenId: string): Promise<void> {
      if (!(await store.accessTokens.revoke(userId, tokenId, clock()))) {
        throw new DomainError('access_token_not_found', 'Access token not found');
      }
      bus.publishToUser(userId, { kind: 'sessions-revoked', sessionIds: [accessTokenSessionId(tokenId)] });
      await audit.record({ action: 'auth.access_token_revoked', actorId: userId, targetUserId: userId, details: { id: tokenId } });
    },
  };
}

export type AccessTokenService = ReturnType<typeof createAccessTokenService>;

/** Who a PAT speaks for and what it may do; undefined when unknown, revoked or expired. */
export async function resolveAccessToken(
  store: Store,
  clock: Clock,
  token: string,
): Promise<{ user: UserRecord; sessionId: string; scopes: readonly AccessTokenScope[]; liveForMs?: number } | undefined> {
  const now = clock();
  const found = await store.accessTokens.findLive(sha256Hex(token), now);
  if (!found) return undefined;
  if (found.token.lastUsedAt === null || found.token.lastUsedAt <= now - TOUCH_EVERY_MS) {
    await store.accessTokens.touch(found.token.id, now, now - TOUCH_EVERY_MS);
  }
  const { id, scopes, expiresAt } = found.token;
  return { user: found.user, sessionId: accessTokenSessionId(id), scopes, ...(expiresAt !== null && { liveForMs: expiresAt - now }) };
}
