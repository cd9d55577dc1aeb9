import type { SessionInfo } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { SessionClient, SessionRecord, Store } from '../storage/types.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';

/** Longest User-Agent kept per session: enough to tell browsers and systems apart, bounded in the database. */
const MAX_USER_AGENT = 256;
const MAX_IP = 64;

export interface SessionDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  audit: AuditLog;
}

/**
 * Why sessions ended, as the audit log records it. A plain logout is routine and not recorded;
 * `refresh_token_reuse` means a rotated refresh token came back: likely stolen.
 */
export type RevocationReason = 'revoked' | 'revoked_all' | 'revoked_others' | 'password_changed' | 'refresh_token_reuse' | 'account_signed_out';

/** What a login or refresh came from, cut to the stored column sizes. */
export function sessionClient(userAgent: string | undefined, ip: string | undefined): SessionClient {
  return { userAgent: [...(userAgent ?? '')].slice(0, MAX_USER_AGENT).join(''), ip: (ip ?? '').slice(0, MAX_IP) };
}

function toSessionInfo(s: SessionRecord, currentId: string): SessionInfo {
  return {
    id: s.id,
    createdAt: new Date(s.createdAt).toISOString(),
    lastUsedAt: new Date(s.lastUsedAt).toISOString(),
    userAgent: s.userAgent,
    ip: s.ip,
    current: s.id === currentId,
  };
}

const sessionNotFound = () => new DomainError('session_not_found', 'Session not found');

/**
 * Sessions (refresh-token families) of a user: listing and revocation. A revocation marks the
 * sessions and their refresh tokens in one transaction, so their access tokens fail authenticate at
 * once, then tells every instance on the user's bus channel, so their sockets close with 4401.
 */
export function createSessionService({ store, bus, clock, audit }: SessionDeps) {
  async function end(userId: string, ids: readonly string[] | 'all', exceptId: string | null, reason?: RevocationReason): Promise<string[]> {
    const revoked = await store.sessions.revoke(userId, ids, exceptId, clock());
    if (revoked.length === 0) return revoked;
    bus.publishToUser(userId, { kind: 'sessions-revoked', sessionIds: revoked });
    if (reason) await audit.record({ action: 'auth.sessions_revoked', actorId: userId, targetUserId: userId, details: { reason, count: revoked.length } });
    return revoked;
  }

  return {
    async list(userId: string, currentId: string): Promise<SessionInfo[]> {
      const sessions = await store.sessions.listLive(userId, clock());
      return sessions.map((s) => toSessionInfo(s, currentId));
    },

    /** Revokes one of the user's own sessions; another user's id is as unknown as a made-up one. */
    async revoke(userId: string, sessionId: string): Promise<void> {
      const revoked = await end(userId, [sessionId], null, 'revoked');
      if (revoked.length === 0) throw sessionNotFound();
    },

    /** "Log out everywhere" (`exceptId` null) or "log out other devices"; returns how many ended. */
    async revokeAll(userId: string, exceptId: string | null, reason?: RevocationReason): Promise<number> {
      return (await end(userId, 'all', exceptId, reason ?? (exceptId === null ? 'revoked_all' : 'revoked_others'))).length;
    },

    /** Ends one session whatever its state (logout, or `reason` for refresh-token reuse); quiet when already ended. */
    async endSession(userId: string, sessionId: string, reason?: RevocationReason): Promise<void> {
      await end(userId, [sessionId], null, reason);
    },

    /**
     * Ends every session of a user and closes their sockets: for an account being disabled
     * (issue #10) or any other "sign this user out now".
     */
    async revokeAllForUser(userId: string): Promise<number> {
      return (await end(userId, 'all', null, 'account_signed_out')).length;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
