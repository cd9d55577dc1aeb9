import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthSession } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../src/bus/memory-bus.js';
import { createAccountService, type PasswordHasher } from '../src/domain/accounts.js';
import { DomainError } from '../src/domain/errors.js';
import { createPasswordPolicy } from '../src/domain/password-policy.js';
import { createSessionService } from '../src/domain/sessions.js';
import { loadCommonPasswords } from '../src/lib/common-passwords.js';
import { createJwtSigner } from '../src/lib/jwt.js';
import { createArgon2Hasher } from '../src/lib/passwords.js';
import { openStore } from '../src/storage/db.js';
import type { Store } from '../src/storage/types.js';
import { api, registerUser } from './helpers/api.js';
import { authPost } from './helpers/refresh-cookie.js';
import { startServer, type TestServer } from './helpers/start-server.js';

const common = loadCommonPasswords();
const policy = createPasswordPolicy(common);

/** The reason a password is refused, or 'ok'. */
function verdict(password: string, username = 'someone'): string {
  try {
    policy.check(password, username);
    return 'ok';
  } catch (err) {
    if (err instanceof DomainError && err.code === 'weak_password') return err.message;
    throw err;
  }
}

describe('password policy', () => {
  it('ships the 10,000 most common passwords, lower-cased', () => {
    expect(common.size).toBeGreaterThan(9000);
    for (const p of ['123456', 'password', 'qwerty', 'iloveyou', 'baseball']) expect(common.has(p)).toBe(true);
  });

  it('counts length in code points: eight emoji pass, seven do not', () => {
    expect(verdict('😀'.repeat(8))).toBe('ok');
    expect(verdict('😀'.repeat(7))).toMatch(/too short/);
    expect(verdict('密码很长但是安全')).toBe('ok');
  });

  it('refuses passwords over 256 code points', () => {
    expect(verdict('x7'.repeat(128))).toBe('ok');
    expect(verdict('x7'.repeat(128) + 'y')).toMatch(/too long/);
  });

  it.each(['password', 'PASSWORD', 'Password1', 'iloveyou', 'sunshine', '12345678', 'qwertyuiop'])('refuses the common password %j whatever its case', (password) => {
    expect(verdict(password)).toMatch(/too common/);
  });

  it('refuses the username itself, case-insensitively', () => {
    expect(verdict('Grace_Hopper', 'grace_hopper')).toMatch(/username/);
  });

  it('accepts a long passphrase that is not on the list', () => {
    expect(verdict('correct horse battery')).toBe('ok');
  });
});

describe('password policy over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a common password on register with weak_password and says why', async () => {
    const res = await authPost<AuthSession>(server.url, '/api/auth/register', { body: { username: `weak_${process.pid}`, password: 'Password1' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'weak_password', message: 'Password is too common: it is on a list of the most used passwords' } });
    // Nothing was created: the name is still free.
    const again = await authPost(server.url, '/api/auth/register', { body: { username: `weak_${process.pid}`, password: 'a fine passphrase' } });
    expect(again.status).toBe(201);
  });

  it('refuses a short password on register with weak_password', async () => {
    const res = await authPost(server.url, '/api/auth/register', { body: { username: `short_${process.pid}`, password: 'k7#q' } });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'weak_password', message: 'Password is too short: use at least 8 characters' } } });
  });

  it('refuses a weak new password on change and keeps the old one', async () => {
    const user = await registerUser(server.url);
    const res = await api(server.url, 'PATCH', '/api/me', { token: user.accessToken, body: { currentPassword: user.password, newPassword: user.user.username.toUpperCase() } });
    expect(res).toEqual({ status: 400, body: { error: { code: 'weak_password', message: 'Password must not be your username' } } });
    const login = await authPost(server.url, '/api/auth/login', { body: { username: user.user.username, password: user.password } });
    expect(login.status).toBe(200);
  });
});

describe('password hashing', () => {
  it('stores argon2id with OWASP parameters (19 MiB, 2 passes, 1 lane)', async () => {
    const hash = await createArgon2Hasher().hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  });

  describe('login failure', () => {
    let dir: string;
    let store: Store;
    const calls: string[] = [];
    /** Records each verify: which stored hash was checked tells the decoy path from the real one. */
    const hasher: PasswordHasher = {
      hash: async (p) => `hash:${p}`,
      async verify(hash, password) {
        calls.push(hash);
        return hash === `hash:${password}`;
      },
    };
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'parley-pw-'));
      store = (await openStore({ databaseUrl: undefined, dataDir: dir })).store;
    });
    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('checks a decoy hash for an unknown user, so both failures do the same work and say the same', async () => {
      const clock = () => Date.now();
      const audit = { record: async () => undefined };
      const accounts = createAccountService({
        store,
        clock,
        passwords: hasher,
        tokens: createJwtSigner({ secret: 'x'.repeat(48), ttlSeconds: 60, issuer: 'parley', now: clock }),
        refreshTokenTtlMs: 60_000,
        audit,
        sessions: createSessionService({ store, bus: new MemoryBus(() => undefined), clock, audit }),
        passwordPolicy: policy,
      });
      await accounts.register({ username: 'known_user', password: 'correct horse battery' });
      calls.length = 0;
      const wrong = await accounts.login({ username: 'known_user', password: 'nope nope' }).catch((e: unknown) => e);
      const unknown = await accounts.login({ username: 'nobody_here', password: 'nope nope' }).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(DomainError);
      expect(unknown).toBeInstanceOf(DomainError);
      expect([(unknown as DomainError).code, (unknown as DomainError).message]).toEqual([(wrong as DomainError).code, (wrong as DomainError).message]);
      // One verify each: the user's real hash, then the decoy (a hash of random bytes, not of anything typed).
      expect(calls).toHaveLength(2);
      expect(calls[0]).toBe('hash:correct horse battery');
      expect(calls[1]).toMatch(/^hash:[0-9a-f]{32}$/);
    });
  });
});
