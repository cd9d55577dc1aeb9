import { randomBytes, randomUUID } from 'node:crypto';
import type { AccessTokenScope, AuthSession, LoginBody, Me, RegisterBody, UpdateMeBody, User } from '@parley/protocol';
import { sha256Hex } from '../lib/sha256.js';
import type { Store, UserRecord } from '../storage/types.js';
import { toUserRef } from '../storage/user-ref.js';
import { accessTokenIdOf, ACCESS_TOKEN_PREFIX, resolveAccessToken } from './access-tokens.js';
import { isInstanceAdmin, type AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import type { PasswordPolicy } from './password-policy.js';
import type { RegistrationGate } from './registration-gate.js';
import { sessionClient, type SessionService } from './sessions.js';

/** Hashes and checks passwords (argon2id in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Who an access token speaks for: the user and the refresh-token family (session) it came from. */
export interface TokenClaims {
  userId: string;
  sessionId: string;
}

/** Signs and verifies short-lived access tokens; `verify` rejects bad, forged or expired tokens. */
export interface AccessTokenSigner {
  sign(claims: TokenClaims): Promise<{ token: string; expiresAt: number }>;
  verify(token: string): Promise<TokenClaims | undefined>;
}

/**
 * Who a request or socket speaks for. `scopes` is set only for a personal access token (its
 * `sessionId` is `pat:<id>`); a login session may do everything.
 */
export interface Authenticated {
  user: UserRecord;
  sessionId: string;
  scopes?: readonly AccessTokenScope[];
  /** How long an expiring personal access token stays valid from now, so its sockets can close on time. */
  liveForMs?: number;
}

/** A session as issued: what the client may see, plus the refresh token, which HTTP moves into an HttpOnly cookie. */
export type IssuedSession = AuthSession & { refreshToken: string };

export interface AccountDeps {
  store: Store;
  passwords: PasswordHasher;
  tokens: AccessTokenSigner;
  clock: Clock;
  refreshTokenTtlMs: number;
  sessions: SessionService;
  passwordPolicy: PasswordPolicy;
  audit: AuditLog;
  /** Who may register (instance settings); absent: anyone (tools that create accounts themselves). */
  registration?: RegistrationGate;
}

export function toUser(u: UserRecord): User {
  return { ...toUserRef(u), bio: u.bio, statusText: u.statusText, createdAt: new Date(u.createdAt).toISOString() };
}

export { toUserRef };

const invalidCredentials = () => new DomainError('invalid_credentials', 'Wrong username or password');
const invalidSession = () => new DomainError('unauthenticated', 'Session expired or revoked; log in again');
const accountDisabled = () => new DomainError('account_disabled', 'This account has been disabled by an administrator');

export function createAccountService({ store, passwords, tokens, clock, refreshTokenTtlMs, audit, sessions, passwordPolicy, registration }: AccountDeps) {
  // Hash checked when the username is unknown, so both failures cost the same time.
  let decoyHash: Promise<string> | undefined;

  /** `ip` and `userAgent` describe the device in the session list (undefined: unknown, e.g. tools and tests). */
  async function issueSession(user: UserRecord, familyId: string, ip: string | undefined, userAgent: string | undefined, replacing?: string): Promise<IssuedSession> {
    const now = clock();
    const refreshToken = randomBytes(32).toString('base64url');
    const id = randomUUID();
    const record = { id, userId: user.id, familyId, expiresAt: now + refreshTokenTtlMs, revokedAt: null, replacedBy: null };
    const client = sessionClient(userAgent, ip);
    if (replacing) {
      // A revoked session never refreshes again, whatever state its token rows are in.
      if (!(await store.sessions.touch(familyId, now, record.expiresAt, client))) throw invalidSession();
      if (!(await store.tokens.rotate(replacing, id, now))) {
        // Someone else rotated this token a moment ago: treat it as reuse.
        await sessions.endSession(user.id, familyId, 'refresh_token_reuse');
        throw invalidSession();
      }
    } else {
      await store.sessions.create({ id: familyId, userId: user.id, createdAt: now, lastUsedAt: now, expiresAt: record.expiresAt, ...client });
    }
    await store.tokens.insert({ ...record, tokenHash: sha256Hex(refreshToken), createdAt: now });
    const access = await tokens.sign({ userId: user.id, sessionId: familyId });
    return {
      user: toUser(user),
      accessToken: access.token,
      accessTokenExpiresAt: new Date(access.expiresAt).toISOString(),
      refreshToken,
      refreshTokenExpiresAt: new Date(record.expiresAt).toISOString(),
    };
  }

  async function getUserRecord(userId: string): Promise<UserRecord> {
    const user = await store.users.findById(userId);
    if (!user) throw new DomainError('user_not_found', 'User not found');
    return user;
  }

  return {
    async register(body: RegisterBody, ip?: string, userAgent?: string): Promise<IssuedSession> {
      const welcome = await registration?.admit(body.inviteCode);
      passwordPolicy.check(body.password, body.username);
      const user: UserRecord = {
        id: randomUUID(),
        username: body.username,
        displayName: body.displayName ?? body.username,
        bio: '',
        statusText: '',
        passwordHash: await passwords.hash(body.password),
        createdAt: clock(),
        avatarSmall: null,
        avatarLarge: null,
        isAdmin: false,
        disabledAt: null,
        passwordChangeRequired: false,
      };
      // The first account ever registered becomes instance admin, in the same transaction as its row.
      const created = await store.transaction(async (tx) => {
        if ((await tx.users.create(user)) === 'taken') return false;
        user.isAdmin = await tx.users.claimFirstAdmin(user.id);
        return true;
      });
      if (!created) throw new DomainError('username_taken', 'That username is taken');
      await welcome?.(toUserRef(user));
      return issueSession(user, randomUUID(), ip, userAgent);
    },

    /** Both failures answer alike; only the audit row (instance admins only) tells them apart. */
    async login(body: LoginBody, ip?: string, userAgent?: string): Promise<IssuedSession> {
      const user = await store.users.findByUsername(body.username);
      const failed = async (reason: 'unknown_user' | 'wrong_password') => {
        const username = body.username.normalize('NFC').toLowerCase();
        await audit.record({ action: 'auth.login_failed', actorId: null, targetUserId: user?.id ?? null, ip, details: { username, reason } });
        return invalidCredentials();
      };
      if (!user) {
        decoyHash ??= passwords.hash(randomBytes(16).toString('hex'));
        await passwords.verify(await decoyHash, body.password);
        throw await failed('unknown_user');
      }
      if (!(await passwords.verify(user.passwordHash, body.password))) throw await failed('wrong_password');
      // Only after the right password: a guesser learns nothing about the account's state.
      if (user.disabledAt !== null) throw accountDisabled();
      return issueSession(user, randomUUID(), ip, userAgent);
    },

    /** Rotates a refresh token. Presenting an already-rotated token revokes its whole family. */
    async refresh(refreshToken: string, ip?: string, userAgent?: string): Promise<IssuedSession> {
      const now = clock();
      const token = await store.tokens.findByHash(sha256Hex(refreshToken));
      if (!token) throw invalidSession();
      if (token.revokedAt !== null) {
        // Reuse of a rotated token means it was copied: end the session and close its sockets.
        if (token.replacedBy !== null) await sessions.endSession(token.userId, token.familyId, 'refresh_token_reuse');
        throw invalidSession();
      }
      if (token.expiresAt <= now) throw invalidSession();
      const user = await getUserRecord(token.userId);
      if (user.disabledAt !== null) throw accountDisabled();
      return issueSession(user, token.familyId, ip, userAgent, token.id);
    },

    /** Ends the session the refresh token belongs to. Unknown tokens are ignored: logout always succeeds. */
    async logout(refreshToken: string): Promise<void> {
      const token = await store.tokens.findByHash(sha256Hex(refreshToken));
      if (token) await sessions.endSession(token.userId, token.familyId);
    },

    /** Resolves an access token (JWT or `plt_` PAT) to its user; undefined when the token or the user is not valid. */
    async authenticate(accessToken: string): Promise<Authenticated | undefined> {
      if (accessToken.startsWith(ACCESS_TOKEN_PREFIX)) return resolveAccessToken(store, clock, accessToken);
      const claims = await tokens.verify(accessToken);
      if (!claims) return undefined;
      // One indexed read: the user, only while the token's session is not revoked.
      const user = await store.sessions.findLiveUser(claims.userId, claims.sessionId);
      return user && { user, sessionId: claims.sessionId };
    },

    /** False once the session is revoked (a socket checks again after it starts listening for revocations). */
    async isSessionLive(sessionId: string): Promise<boolean> {
      const tokenId = accessTokenIdOf(sessionId);
      return tokenId === undefined ? store.sessions.isLive(sessionId) : store.accessTokens.isLive(tokenId, clock());
    },

    /** The caller's own profile; `isAdmin` appears here and nowhere else. */
    async getMe(userId: string): Promise<Me> {
      const user = await getUserRecord(userId);
      return { ...toUser(user), isAdmin: isInstanceAdmin(user), passwordChangeRequired: user.passwordChangeRequired };
    },

    /** Updates the profile; a new password needs the current one and signs out every other session. */
    async updateMe(userId: string, sessionId: string, patch: UpdateMeBody): Promise<User> {
      const user = await getUserRecord(userId);
      let passwordHash: string | undefined;
      if (patch.newPassword !== undefined) {
        if (accessTokenIdOf(sessionId) !== undefined) throw new DomainError('insufficient_scope', 'An access token cannot change the password');
        if (!(await passwords.verify(user.passwordHash, patch.currentPassword ?? ''))) {
          throw new DomainError('invalid_credentials', 'The current password is wrong');
        }
        passwordPolicy.check(patch.newPassword, user.username);
        passwordHash = await passwords.hash(patch.newPassword);
      }
      const now = clock();
      // A new password of the user's own choosing ends an admin's demand for one.
      const cleared = passwordHash !== undefined && user.passwordChangeRequired ? { passwordChangeRequired: false } : {};
      await store.users.update(userId, { displayName: patch.displayName, bio: patch.bio, statusText: patch.statusText, passwordHash, ...cleared }, now);
      if (passwordHash) await sessions.revokeAll(userId, sessionId, 'password_changed');
      if (passwordHash) await audit.record({ action: 'auth.password_changed', actorId: userId, targetUserId: userId });
      return toUser(await getUserRecord(userId));
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
