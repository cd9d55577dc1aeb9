import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { PasswordResetAnswer, RedeemPasswordResetBody, UserRef } from '@parley/protocol';
import { sha256Hex } from '../lib/sha256.js';
import type { Store, UserRecord } from '../storage/types.js';
import type { PasswordHasher } from './accounts.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import type { PasswordPolicy } from './password-policy.js';
import type { SessionService } from './sessions.js';

/** How long a reset link works. */
export const RESET_LINK_TTL_MS = 60 * 60_000;

/** No 0/1/i/l/o: read aloud or copied by hand without mix-ups. 31 symbols. */
const READABLE = '23456789abcdefghjkmnpqrstuvwxyz';
const GROUPS = 5;
const GROUP_LENGTH = 4;

/** 20 symbols of 31 in groups of four (`k7dq-…`): log2(31) × 20 ≈ 99 bits from the CSPRNG. */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: GROUP_LENGTH }, () => READABLE[randomInt(READABLE.length)]).join('');
  return Array.from({ length: GROUPS }, group).join('-');
}

export type ResetMode = PasswordResetAnswer['mode'];

export interface PasswordResetDeps {
  store: Store;
  clock: Clock;
  passwords: PasswordHasher;
  passwordPolicy: PasswordPolicy;
  sessions: SessionService;
  audit: AuditLog;
}

/** The one answer for a link that is unknown, spent, expired, or whose account is disabled. */
const invalidToken = () => new DomainError('reset_token_invalid', 'This reset link is invalid, used or expired; ask an administrator for a new one');

/**
 * Password resets by an instance admin (or the command line, `actor` null): a temporary password
 * shown once, or a one-time link. Either ends every session of the user; a newer reset retires
 * older links.
 */
export function createPasswordResetService({ store, clock, passwords, passwordPolicy, sessions, audit }: PasswordResetDeps) {
  async function issueTemporary(user: UserRecord): Promise<PasswordResetAnswer> {
    const password = temporaryPassword();
    const hash = await passwords.hash(password);
    const now = clock();
    await store.transaction(async (tx) => {
      await tx.adminUsers.setPassword(user.id, hash, true, now);
      await tx.passwordResets.retireForUser(user.id, now);
    });
    return { mode: 'temporary', temporaryPassword: password };
  }

  async function issueLink(actor: UserRef | null, user: UserRecord): Promise<PasswordResetAnswer> {
    const token = randomBytes(32).toString('base64url');
    const now = clock();
    const expiresAt = now + RESET_LINK_TTL_MS;
    await store.transaction(async (tx) => {
      await tx.passwordResets.retireForUser(user.id, now);
      await tx.passwordResets.create({ id: randomUUID(), userId: user.id, tokenHash: sha256Hex(token), createdBy: actor?.id ?? null, createdAt: now, expiresAt });
    });
    // A fragment, not a query: browsers never send it to a server or put it in a Referer.
    return { mode: 'link', link: `/reset-password#${token}`, expiresAt: new Date(expiresAt).toISOString() };
  }

  return {
    /** The secret in the answer is shown once; only a hash of a link's token is stored. */
    async issue(actor: UserRef | null, userId: string, mode: ResetMode): Promise<PasswordResetAnswer> {
      const user = await store.users.findById(userId);
      if (!user) throw new DomainError('user_not_found', 'User not found');
      const answer = mode === 'temporary' ? await issueTemporary(user) : await issueLink(actor, user);
      const ended = await sessions.revokeAllForUser(userId);
      const details = { mode, sessionsEnded: ended, ...(actor === null && { via: 'cli' }) };
      await audit.record({ action: 'admin.password_reset', actorId: actor?.id ?? null, targetUserId: userId, details });
      return answer;
    },

    /**
     * Spends a link once: a new password under the usual policy (a refusal leaves the link unspent),
     * then every session ends. A disabled account's link answers like an unknown one.
     */
    async redeem({ token, newPassword }: RedeemPasswordResetBody, ip?: string): Promise<void> {
      const tokenHash = sha256Hex(token);
      const userId = await store.passwordResets.findLiveUserId(tokenHash, clock());
      const user = userId === undefined ? undefined : await store.users.findById(userId);
      if (!user || user.disabledAt !== null) throw invalidToken();
      passwordPolicy.check(newPassword, user.username);
      const hash = await passwords.hash(newPassword);
      await store.transaction(async (tx) => {
        const now = clock();
        // Of two redemptions racing, only the one that spends the link sets its password.
        if (!(await tx.passwordResets.spend(tokenHash, now))) throw invalidToken();
        await tx.adminUsers.setPassword(user.id, hash, false, now);
        await tx.passwordResets.retireForUser(user.id, now);
      });
      await sessions.revokeAllForUser(user.id);
      await audit.record({ action: 'auth.password_changed', actorId: user.id, targetUserId: user.id, ip, details: { via: 'reset_link' } });
    },
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
