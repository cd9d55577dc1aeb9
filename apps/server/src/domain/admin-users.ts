import type { AdminUser, AdminUsersPage, AuditDetails, AdminUsersQuery, PasswordResetAnswer, UpdateAdminUserBody, UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { AdminUserRow, UserCursor } from '../storage/admin-types.js';
import type { Store } from '../storage/types.js';
import { toUser } from './accounts.js';
import { accessTokenSessionId } from './access-tokens.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import type { PasswordResetService, ResetMode } from './password-resets.js';

export interface AdminUserDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  audit: AuditLog;
  resets: PasswordResetService;
  /** Online anywhere (every instance, through the Presence interface). */
  isOnline: (userId: string) => boolean;
}

/** What one change did, after it committed. */
interface Outcome {
  disabled: boolean;
  enabled: boolean;
  promoted: boolean;
  demoted: boolean;
  /** Sessions and access tokens (as `pat:<id>` session ids) the disabling ended. */
  endedSessionIds: string[];
  patsRevoked: number;
}

const userNotFound = () => new DomainError('user_not_found', 'User not found');

/** `<created_at>.<id>`: opaque to clients, and only ever parsed back here. */
function encodeCursor(row: AdminUserRow): string {
  return `${row.createdAt}.${row.id}`;
}

function decodeCursor(cursor: string | undefined): UserCursor | undefined {
  if (cursor === undefined) return undefined;
  const match = /^(\d{1,15})\.([\w-]{1,64})$/.exec(cursor);
  if (!match) throw new DomainError('invalid_request', 'cursor must be the nextCursor of a previous page');
  return { createdAt: Number(match[1]), id: match[2]! }; // the regex has two capture groups
}

/** The admin search term folded as usernames and display names are stored (NFC, lower case). */
export function foldSearch(q: string | undefined): string | undefined {
  const folded = q?.trim().normalize('NFC').toLowerCase();
  return folded ? folded : undefined;
}

/**
 * Instance administration of accounts: the user list, disabling, admin rights and password resets.
 * `actor` null is the command line (`parley user disable`…): audited with actor null and via 'cli'.
 * Routes reach this only for instance admins (http/authenticate.ts, domain/admin-access.ts).
 */
export function createAdminUserService({ store, bus, clock, audit, resets, isOnline }: AdminUserDeps) {
  const toAdminUser = (row: AdminUserRow): AdminUser => ({
    ...toUser(row),
    isAdmin: row.isAdmin,
    disabled: row.disabledAt !== null,
    lastActiveAt: row.lastActiveAt === null ? null : new Date(row.lastActiveAt).toISOString(),
    online: isOnline(row.id),
  });

  async function getAdminUser(userId: string): Promise<AdminUser> {
    const row = await store.adminUsers.find(userId);
    if (!row) throw userNotFound();
    return toAdminUser(row);
  }

  /** Checks and changes in one transaction behind the admin-set lock: two admins demoting each other cannot both win. */
  async function apply(actor: UserRef | null, userId: string, change: UpdateAdminUserBody): Promise<Outcome> {
    if (actor?.id === userId && (change.disabled === true || change.isAdmin === false)) {
      throw new DomainError('cannot_modify_self', 'You cannot disable or demote your own account; ask another admin');
    }
    return store.transaction(async (tx) => {
      await tx.adminUsers.lockAdminSet();
      const user = await tx.users.findById(userId);
      if (!user) throw userNotFound();
      const now = clock();
      const disabled = change.disabled === true && user.disabledAt === null;
      const enabled = change.disabled === false && user.disabledAt !== null;
      const promoted = change.isAdmin === true && !user.isAdmin;
      const demoted = change.isAdmin === false && user.isAdmin;
      const losesAdmin = user.isAdmin && user.disabledAt === null && (disabled || demoted);
      if (losesAdmin && (await tx.adminUsers.countEnabledAdmins(userId)) === 0) {
        throw new DomainError('last_admin', 'This is the last enabled instance admin; promote someone else first');
      }
      if (disabled || enabled) await tx.adminUsers.setDisabled(userId, disabled, now);
      if (promoted || demoted) await tx.adminUsers.setAdmin(userId, promoted);
      if (!disabled) return { disabled, enabled, promoted, demoted, endedSessionIds: [], patsRevoked: 0 };
      // In the same transaction as disabled_at: no moment exists where the account is disabled but a session is not ended.
      const sessionIds = await tx.sessions.revoke(userId, 'all', null, now);
      const tokenIds = await tx.adminUsers.revokeAccessTokens(userId, now);
      return { disabled, enabled, promoted, demoted, endedSessionIds: [...sessionIds, ...tokenIds.map(accessTokenSessionId)], patsRevoked: tokenIds.length };
    });
  }

  async function record(actor: UserRef | null, userId: string, o: Outcome): Promise<void> {
    const base = { actorId: actor?.id ?? null, targetUserId: userId };
    const via: AuditDetails = actor === null ? { via: 'cli' } : {};
    if (o.disabled) {
      const sessionsEnded = o.endedSessionIds.length - o.patsRevoked;
      await audit.record({ ...base, action: 'admin.user_disabled', details: { ...via, sessionsEnded, patsRevoked: o.patsRevoked } });
    }
    if (o.enabled) await audit.record({ ...base, action: 'admin.user_enabled', details: via });
    if (o.promoted) await audit.record({ ...base, action: 'admin.user_promoted', details: via });
    if (o.demoted) await audit.record({ ...base, action: 'admin.user_demoted', details: via });
  }

  /** Applies the change, closes the disabled user's sockets on every instance, and audits it. Idempotent. */
  async function update(actor: UserRef | null, userId: string, change: UpdateAdminUserBody): Promise<AdminUser> {
    const outcome = await apply(actor, userId, change);
    if (outcome.endedSessionIds.length > 0) bus.publishToUser(userId, { kind: 'sessions-revoked', sessionIds: outcome.endedSessionIds });
    await record(actor, userId, outcome);
    return getAdminUser(userId);
  }

  return {
    /** Oldest account first; `q` matches the username or display name anywhere, case-insensitively. */
    async list(query: AdminUsersQuery): Promise<AdminUsersPage> {
      const rows = await store.adminUsers.list({ search: foldSearch(query.q), filter: query.filter, after: decodeCursor(query.cursor), limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { users: page.map(toAdminUser), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
    },

    get: getAdminUser,

    async findByUsername(username: string): Promise<AdminUser | undefined> {
      const user = await store.users.findByUsername(username);
      return user && getAdminUser(user.id);
    },

    update,

    setDisabled: (actor: UserRef | null, userId: string, disabled: boolean) => update(actor, userId, { disabled }),

    setAdmin: (actor: UserRef | null, userId: string, isAdmin: boolean) => update(actor, userId, { isAdmin }),

    /** A temporary password or a one-time link, shown once; ends every session of the user. */
    resetPassword: (actor: UserRef | null, userId: string, mode: ResetMode): Promise<PasswordResetAnswer> => resets.issue(actor, userId, mode),
  };
}

export type AdminUserService = ReturnType<typeof createAdminUserService>;
