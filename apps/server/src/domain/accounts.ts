import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthSession, LoginBody, RegisterBody, UpdateMeBody, User } from '@parley/protocol';
import { sha256Hex } from '../lib/sha256.js';
import type { Store, UserRecord } from '../storage/types.js';
import { toUserRef } from '../storage/user-ref.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';

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

export interface AccountDeps {
  store: Store;
  passwords: PasswordHasher;
  tokens: AccessTokenSigner;
  clock: Clock;
  refreshTokenTtlMs: number;
}

export function toUser(u: UserRecord): User {
  return { ...toUserRef(u), bio: u.bio, statusText: u.statusText, createdAt: new Date(u.createdAt).toISOString() };
}

export { toUserRef };

const invalidCredentials = () => new DomainError('invalid_credentials', 'Wrong username or password');
const invalidSession = () => new DomainError('unauthenticated', 'Session expired or revoked; log in again');

export function createAccountService({ store, passwords, tokens, clock, refreshTokenTtlMs }: AccountDeps) {
  // Hash checked when the username is unknown, so both failures cost the same time.
  let decoyHash: Promise<string> | undefined;

  async function issueSession(user: UserRecord, familyId: string, replacing?: string): Promise<AuthSession> {
    const now = clock();
    const refreshToken = randomBytes(32).toString('base64url');
    const id = randomUUID();
    const record = { id, userId: user.id, familyId, expiresAt: now + refreshTokenTtlMs, revokedAt: null, replacedBy: null };
    if (replacing && !(await store.tokens.rotate(replacing, id, now))) {
      // Someone else rotated this token a moment ago: treat it as reuse.
      await store.tokens.revokeFamily(familyId, now);
      throw invalidSession();
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
    async register(body: RegisterBody): Promise<AuthSession> {
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
      };
      if ((await store.users.create(user)) === 'taken') {
        throw new DomainError('username_taken', 'That username is taken');
      }
      return issueSession(user, randomUUID());
    },

    async login(body: LoginBody): Promise<AuthSession> {
      const user = await store.users.findByUsername(body.username);
      if (!user) {
        decoyHash ??= passwords.hash(randomBytes(16).toString('hex'));
        await passwords.verify(await decoyHash, body.password);
        throw invalidCredentials();
      }
      if (!(await passwords.verify(user.passwordHash, body.password))) throw invalidCredentials();
      return issueSession(user, randomUUID());
    },

    /** Rotates a refresh token. Presenting an already-rotated token revokes its whole family. */
    async refresh(refreshToken: string): Promise<AuthSession> {
      const now = clock();
      const token = await store.tokens.findByHash(sha256Hex(refreshToken));
      if (!token) throw invalidSession();
      if (token.revokedAt !== null) {
        if (token.replacedBy !== null) await store.tokens.revokeFamily(token.familyId, now);
        throw invalidSession();
      }
      if (token.expiresAt <= now) throw invalidSession();
      const user = await getUserRecord(token.userId);
      return issueSession(user, token.familyId, token.id);
    },

    /** Ends the session the refresh token belongs to. Unknown tokens are ignored: logout always succeeds. */
    async logout(refreshToken: string): Promise<void> {
      const token = await store.tokens.findByHash(sha256Hex(refreshToken));
      if (token) await store.tokens.revokeFamily(token.familyId, clock());
    },

    /** Resolves an access token to its user; undefined when the token or the user is not valid. */
    async authenticate(accessToken: string): Promise<{ user: UserRecord; sessionId: string } | undefined> {
      const claims = await tokens.verify(accessToken);
      if (!claims) return undefined;
      const user = await store.users.findById(claims.userId);
      return user && { user, sessionId: claims.sessionId };
    },

    async getMe(userId: string): Promise<User> {
      return toUser(await getUserRecord(userId));
    },

    /** Updates the profile; a new password needs the current one and signs out every other session. */
    async updateMe(userId: string, sessionId: string, patch: UpdateMeBody): Promise<User> {
      const user = await getUserRecord(userId);
      let passwordHash: string | undefined;
      if (patch.newPassword !== undefined) {
        if (!(await passwords.verify(user.passwordHash, patch.currentPassword ?? ''))) {
          throw new DomainError('invalid_credentials', 'The current password is wrong');
        }
        passwordHash = await passwords.hash(patch.newPassword);
      }
      const now = clock();
      await store.users.update(userId, { displayName: patch.displayName, bio: patch.bio, statusText: patch.statusText, passwordHash }, now);
      if (passwordHash) await store.tokens.revokeAllForUser(userId, sessionId, now);
      return toUser(await getUserRecord(userId));
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
