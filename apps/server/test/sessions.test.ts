import { randomUUID } from 'node:crypto';
import type { AuthSession, RevokeAllSessionsResult, SessionList } from '@parley/protocol';
import { Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialect } from '../src/storage/dialect.js';
import { migrationProvider } from '../src/storage/migrations/index.js';
import { openStore } from '../src/storage/db.js';
import type { Store } from '../src/storage/types.js';
import { api, registerUserWithCookie } from './helpers/api.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { authPost, cookieOf, refreshWith } from './helpers/refresh-cookie.js';
import { startServer, type TestServer } from './helpers/start-server.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1';
const error = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('/api/me/sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** A second device: the user logs in again with another browser. */
  async function loginAs(username: string, password: string, userAgent = PHONE) {
    const res = await authPost<AuthSession>(server.url, '/api/auth/login', { body: { username, password }, headers: { 'user-agent': userAgent } });
    expect(res.status).toBe(200);
    return { accessToken: res.body.accessToken, refreshToken: cookieOf(res) };
  }
  const list = (token: string) => api<SessionList>(server.url, 'GET', '/api/me/sessions', { token });
  const me = (token: string) => api(server.url, 'GET', '/api/me', { token });

  it('lists each device with its user agent and address, marking the current one', async () => {
    const user = await registerUserWithCookie(server.url);
    const phone = await loginAs(user.user.username, user.password, PHONE);
    const laptop = await loginAs(user.user.username, user.password, FIREFOX);
    const res = await list(laptop.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.sessions).toHaveLength(3);
    const byAgent = Object.fromEntries(res.body.sessions.map((s) => [s.userAgent, s]));
    expect(byAgent[FIREFOX]).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      userAgent: FIREFOX,
      ip: '127.0.0.1',
      current: true,
    });
    expect(byAgent[PHONE]).toMatchObject({ current: false, ip: '127.0.0.1' });
    expect(res.body.sessions.filter((s) => s.current)).toHaveLength(1);
    // The phone sees the same sessions, with itself as current.
    const fromPhone = await list(phone.accessToken);
    expect(fromPhone.body.sessions.find((s) => s.current)?.userAgent).toBe(PHONE);
  });

  it('keeps one session across refreshes and moves its last use and user agent forward', async () => {
    const user = await registerUserWithCookie(server.url);
    const [before] = (await list(user.accessToken)).body.sessions;
    const refreshed = await authPost<AuthSession>(server.url, '/api/auth/refresh', { refreshToken: user.refreshToken, headers: { 'user-agent': FIREFOX } });
    expect(refreshed.status).toBe(200);
    const after = (await list(refreshed.body.accessToken)).body.sessions;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before!.id, userAgent: FIREFOX, current: true });
    expect(Date.parse(after[0]!.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(before!.lastUsedAt));
  });

  it('revokes one session: its access token and refresh token stop working, the others go on', async () => {
    const user = await registerUserWithCookie(server.url);
    const phone = await loginAs(user.user.username, user.password);
    const phoneId = (await list(phone.accessToken)).body.sessions.find((s) => s.current)!.id;
    const res = await api(server.url, 'DELETE', `/api/me/sessions/${phoneId}`, { token: user.accessToken });
    expect(res).toEqual({ status: 204, body: undefined });
    expect(await me(phone.accessToken)).toEqual({ status: 401, body: error('unauthenticated') });
    expect((await refreshWith(server.url, phone.refreshToken)).status).toBe(401);
    expect((await me(user.accessToken)).status).toBe(200);
    expect((await list(user.accessToken)).body.sessions.map((s) => s.id)).not.toContain(phoneId);
  });

  it('answers another user’s session id exactly like an unknown one, and leaves it alone', async () => {
    const alice = await registerUserWithCookie(server.url, 'alice');
    const bob = await registerUserWithCookie(server.url, 'bob');
    const bobsId = (await list(bob.accessToken)).body.sessions[0]!.id;
    const foreign = await api(server.url, 'DELETE', `/api/me/sessions/${bobsId}`, { token: alice.accessToken });
    const unknown = await api(server.url, 'DELETE', `/api/me/sessions/${randomUUID()}`, { token: alice.accessToken });
    expect(foreign).toEqual({ status: 404, body: { error: { code: 'session_not_found', message: 'Session not found' } } });
    expect(unknown).toEqual(foreign);
    expect((await me(bob.accessToken)).status).toBe(200);
  });

  it('answers an already revoked session with 404', async () => {
    const user = await registerUserWithCookie(server.url);
    const phone = await loginAs(user.user.username, user.password);
    const phoneId = (await list(phone.accessToken)).body.sessions.find((s) => s.current)!.id;
    await api(server.url, 'DELETE', `/api/me/sessions/${phoneId}`, { token: user.accessToken });
    const again = await api(server.url, 'DELETE', `/api/me/sessions/${phoneId}`, { token: user.accessToken });
    expect(again).toEqual({ status: 404, body: error('session_not_found') });
  });

  it('refuses a session id that is not a UUID, naming the field', async () => {
    const user = await registerUserWithCookie(server.url);
    const res = await api(server.url, 'DELETE', '/api/me/sessions/..%2F..%2Fetc', { token: user.accessToken });
    expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('id') } } });
  });

  it('logs out the other devices and keeps the current one', async () => {
    const user = await registerUserWithCookie(server.url);
    const a = await loginAs(user.user.username, user.password);
    const b = await loginAs(user.user.username, user.password);
    const res = await api<RevokeAllSessionsResult>(server.url, 'POST', '/api/me/sessions/revoke-all', { token: user.accessToken, body: { includeCurrent: false } });
    expect(res).toEqual({ status: 200, body: { revoked: 2 } });
    expect((await me(a.accessToken)).status).toBe(401);
    expect((await me(b.accessToken)).status).toBe(401);
    expect((await me(user.accessToken)).status).toBe(200);
    expect((await refreshWith(server.url, user.refreshToken)).status).toBe(200);
  });

  it('logs out everywhere, the current device included', async () => {
    const user = await registerUserWithCookie(server.url);
    const a = await loginAs(user.user.username, user.password);
    const res = await api<RevokeAllSessionsResult>(server.url, 'POST', '/api/me/sessions/revoke-all', { token: user.accessToken, body: { includeCurrent: true } });
    expect(res).toEqual({ status: 200, body: { revoked: 2 } });
    expect((await me(a.accessToken)).status).toBe(401);
    expect((await me(user.accessToken)).status).toBe(401);
    expect((await refreshWith(server.url, user.refreshToken)).status).toBe(401);
  });

  it('refuses a revoke-all body without includeCurrent', async () => {
    const user = await registerUserWithCookie(server.url);
    const res = await api(server.url, 'POST', '/api/me/sessions/revoke-all', { token: user.accessToken, body: {} });
    expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('includeCurrent') } } });
    expect((await me(user.accessToken)).status).toBe(200);
  });

  it('ends the session on logout: its access token is refused at once', async () => {
    const user = await registerUserWithCookie(server.url);
    const res = await authPost(server.url, '/api/auth/logout', { refreshToken: user.refreshToken });
    expect(res.status).toBe(204);
    expect(await me(user.accessToken)).toEqual({ status: 401, body: error('unauthenticated') });
  });

  it('needs an access token', async () => {
    expect(await api(server.url, 'GET', '/api/me/sessions')).toEqual({ status: 401, body: error('unauthenticated') });
  });
});

// The session table on every dialect: what the routes above rely on.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`session storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    async function user() {
      const id = randomUUID();
      const row = { id, username: `u${id.slice(0, 8)}`, displayName: 'U', bio: '', statusText: '', passwordHash: 'h', createdAt: 1, avatarSmall: null, avatarLarge: null };
      expect(await store.users.create(row as Parameters<Store['users']['create']>[0])).toBe('created');
      return id;
    }
    const session = (userId: string, at: number, expiresAt = at + 1000) => ({
      id: randomUUID(),
      userId,
      createdAt: at,
      lastUsedAt: at,
      expiresAt,
      userAgent: 'ua',
      ip: '10.0.0.1',
    });

    it('lists live sessions newest first, leaving out expired and revoked ones', async () => {
      const u = await user();
      const old = session(u, 100);
      const recent = session(u, 200);
      const expired = session(u, 50, 150);
      const revoked = session(u, 300);
      for (const s of [old, recent, expired, revoked]) await store.sessions.create(s);
      expect(await store.sessions.revoke(u, [revoked.id], null, 400)).toEqual([revoked.id]);
      expect(await store.sessions.listLive(u, 160)).toEqual([recent, old]);
    });

    it('revokes only the owner’s sessions, except the one kept, and their refresh tokens', async () => {
      const u = await user();
      const other = await user();
      const keep = session(u, 1);
      const drop = session(u, 2);
      const foreign = session(other, 3);
      for (const s of [keep, drop, foreign]) await store.sessions.create(s);
      await store.tokens.insert({ id: randomUUID(), userId: u, familyId: drop.id, tokenHash: randomUUID(), createdAt: 2, expiresAt: 9e12, revokedAt: null, replacedBy: null });
      expect(await store.sessions.revoke(u, [foreign.id], null, 10)).toEqual([]);
      expect(await store.sessions.revoke(u, 'all', keep.id, 10)).toEqual([drop.id]);
      expect(await store.sessions.isLive(drop.id)).toBe(false);
      expect(await store.sessions.isLive(keep.id)).toBe(true);
      expect(await store.sessions.isLive(foreign.id)).toBe(true);
      expect(await store.sessions.touch(drop.id, 20, 30, { userAgent: 'x', ip: 'y' })).toBe(false);
      expect(await store.sessions.touch(keep.id, 20, 3000, { userAgent: 'new', ip: '10.0.0.2' })).toBe(true);
      expect(await store.sessions.listLive(u, 25)).toEqual([{ ...keep, lastUsedAt: 20, expiresAt: 3000, userAgent: 'new', ip: '10.0.0.2' }]);
    });

    it('gives every family with a live refresh token a session when 0004 upgrades a database', async () => {
      const scratch = await dialect.create();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as of 0003, before the app's types
      const old = new Kysely<any>({ dialect: (await createDialect(scratch.url)).dialect });
      try {
        const migrator = new Migrator({ db: old, provider: migrationProvider });
        expect((await migrator.migrateTo('0003_add_read_markers_and_status')).error).toBeUndefined();
        const u = randomUUID();
        await old.insertInto('users').values({ id: u, username: 'old', username_key: 'old', display_name: 'Old', bio: '', password_hash: 'x', created_at: 1, updated_at: 1 }).execute();
        const [live, dead] = [randomUUID(), randomUUID()];
        const token = (family: string, createdAt: number, revokedAt: number | null) => ({
          id: randomUUID(), user_id: u, family_id: family, token_hash: randomUUID(), created_at: createdAt, expires_at: createdAt + 1000, revoked_at: revokedAt, replaced_by: null,
        });
        await old.insertInto('refresh_tokens').values([token(live, 10, 20), token(live, 20, null), token(dead, 5, 6)]).execute();
        const { error, results } = await migrator.migrateTo('0004_add_sessions');
        expect(error).toBeUndefined();
        expect(results?.map((r) => r.migrationName)).toEqual(['0004_add_sessions']);
        const rows = await old.selectFrom('sessions').selectAll().execute();
        expect(rows.map((r) => ({ ...r, created_at: Number(r.created_at), last_used_at: Number(r.last_used_at), expires_at: Number(r.expires_at) }))).toEqual([
          { id: live, user_id: u, created_at: 10, last_used_at: 20, expires_at: 1020, user_agent: '', ip: '', revoked_at: null },
        ]);
      } finally {
        await old.destroy();
        await scratch.drop();
      }
    });

    it('finds the user behind a live session only', async () => {
      const u = await user();
      const s = session(u, 1);
      await store.sessions.create(s);
      expect((await store.sessions.findLiveUser(u, s.id))?.id).toBe(u);
      expect(await store.sessions.findLiveUser(await user(), s.id)).toBeUndefined();
      await store.sessions.revoke(u, [s.id], null, 2);
      expect(await store.sessions.findLiveUser(u, s.id)).toBeUndefined();
    });
  });
}
