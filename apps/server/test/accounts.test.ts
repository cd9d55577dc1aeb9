import type { AuthSession, User } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUserWithCookie } from './helpers/api.js';
import { authPost, cookieOf, refreshWith } from './helpers/refresh-cookie.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { TestClient } from './helpers/ws-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const PASSWORD = 'correct horse battery';
let n = 0;
/** A username no other test uses, so tests never depend on each other's accounts. */
const fresh = (prefix = 'acct') => `${prefix}_${process.pid}_${++n}`;

const register = (body: Record<string, unknown>) => authPost<AuthSession>(server.url, '/api/auth/register', { body });
const login = (username: string, password: string) => authPost<AuthSession>(server.url, '/api/auth/login', { body: { username, password } });
const refresh = (refreshToken: string) => refreshWith<AuthSession>(server.url, refreshToken);

const sessionBody = (user: Partial<User>) => ({
  user: { id: expect.any(String), bio: '', statusText: '', createdAt: expect.any(String), ...user },
  accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
  accessTokenExpiresAt: expect.any(String),
  refreshTokenExpiresAt: expect.any(String),
});
const error = (code: string) => ({ error: { code, message: expect.any(String) } });
const invalidRequest = (field: string) => ({ error: { code: 'invalid_request', message: expect.stringContaining(field) } });

describe('register', () => {
  it('creates the account and returns a session whose access token works', async () => {
    const username = fresh();
    const res = await register({ username, password: PASSWORD, displayName: '  Ada Lovelace ' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(sessionBody({ username, displayName: 'Ada Lovelace' }));
    expect(Date.parse(res.body.accessTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(res.body.refreshTokenExpiresAt)).toBeGreaterThan(Date.parse(res.body.accessTokenExpiresAt));
    const me = await api(server.url, 'GET', '/api/me', { token: res.body.accessToken });
    // GET /api/me adds the caller-only isAdmin and passwordChangeRequired flags (audit-log.test.ts checks who gets isAdmin).
    expect(me).toEqual({ status: 200, body: { ...res.body.user, isAdmin: expect.any(Boolean), passwordChangeRequired: false } });
  });

  it('uses the username as display name when none is given', async () => {
    const username = fresh();
    const res = await register({ username, password: PASSWORD });
    expect(res.body.user.displayName).toBe(username);
  });

  // Each server starts with an empty database, so these literal names are free.
  it.each(['小明', 'Zoë_田中', 'Ωμέγα-7', 'user.name-1', 'абв', 'x'.repeat(32), '١٢٣'])('accepts the username %j', async (username) => {
    const res = await register({ username, password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.user.username).toBe(username);
  });

  it.each([
    ['too short', 'a'],
    ['one Chinese character', '明'],
    ['too long', 'y'.repeat(33)],
    ['a space', 'has space'],
    ['an @', 'me@example'],
    ['an emoji', 'smile😀'],
    ['a slash', 'a/b/c'],
  ])('refuses a username with %s, naming the field', async (_what, username) => {
    const res = await register({ username, password: PASSWORD });
    expect(res).toEqual({ status: 400, body: invalidRequest('body.username') });
  });

  it('refuses a username that differs from a taken one only by case', async () => {
    const username = fresh('Case');
    expect((await register({ username, password: PASSWORD })).status).toBe(201);
    const res = await register({ username: username.toLowerCase(), password: PASSWORD });
    expect(res).toEqual({ status: 409, body: error('username_taken') });
    const upper = await register({ username: username.toUpperCase(), password: PASSWORD });
    expect(upper).toEqual({ status: 409, body: error('username_taken') });
  });

  it('treats composed and decomposed accents as the same username', async () => {
    const base = fresh('e');
    expect((await register({ username: `${base}\u00e9`, password: PASSWORD })).status).toBe(201);
    const res = await register({ username: `${base}e\u0301`, password: PASSWORD });
    expect(res).toEqual({ status: 409, body: error('username_taken') });
  });

  it.each([
    ['7 characters', 'q7#mZ2!'],
    ['257 characters', 'x'.repeat(257)],
  ])('refuses a password of %s as weak_password (the policy, see password-policy.test.ts)', async (_what, password) => {
    const res = await register({ username: fresh(), password });
    expect(res).toEqual({ status: 400, body: error('weak_password') });
  });

  it('accepts passwords of exactly 8 and 256 characters', async () => {
    expect((await register({ username: fresh(), password: 'q7#mZ2!k' })).status).toBe(201);
    expect((await register({ username: fresh(), password: 'x'.repeat(256) })).status).toBe(201);
  });

  it('refuses unknown fields instead of ignoring them', async () => {
    const res = await register({ username: fresh(), password: PASSWORD, isAdmin: true });
    expect(res).toEqual({ status: 400, body: invalidRequest('isAdmin') });
  });
});

describe('login', () => {
  it('returns a new session for the right password, matching the username case-insensitively', async () => {
    const username = fresh('Login');
    const reg = await register({ username, password: PASSWORD });
    const res = await login(username.toUpperCase(), PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(sessionBody({ id: reg.body.user.id, username, displayName: username }));
    expect(cookieOf(res)).not.toBe(cookieOf(reg));
  });

  it('gives the same 401 for a wrong password as for an unknown user', async () => {
    const user = await registerUserWithCookie(server.url);
    const wrongPassword = await login(user.user.username, 'not the password');
    const unknownUser = await login(fresh('ghost'), PASSWORD);
    expect(wrongPassword).toEqual({ status: 401, body: error('invalid_credentials') });
    expect(unknownUser).toEqual(wrongPassword);
  });
});

describe('refresh tokens', () => {
  it('rotates: a refresh returns a new refresh token that works once more', async () => {
    const user = await registerUserWithCookie(server.url);
    const first = await refresh(user.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(sessionBody(user.user));
    expect(cookieOf(first)).not.toBe(user.refreshToken);
    const second = await refresh(cookieOf(first));
    expect(second.status).toBe(200);
    const me = await api(server.url, 'GET', '/api/me', { token: second.body.accessToken });
    expect(me.status).toBe(200);
  });

  it('revokes the whole family when an already-rotated token is presented again', async () => {
    const user = await registerUserWithCookie(server.url);
    const rotated = await refresh(user.refreshToken);
    expect(rotated.status).toBe(200);

    const replay = await refresh(user.refreshToken);
    expect(replay).toEqual({ status: 401, body: error('unauthenticated') });
    // The thief may hold the newest token: it must stop working too.
    const newest = await refresh(cookieOf(rotated));
    expect(newest).toEqual({ status: 401, body: error('unauthenticated') });
  });

  it('leaves the user’s other sessions alone when one family is revoked for reuse', async () => {
    const user = await registerUserWithCookie(server.url);
    const other = await login(user.user.username, user.password);
    await refresh(user.refreshToken);
    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await refresh(cookieOf(other))).status).toBe(200);
  });

  it('refuses an unknown refresh token', async () => {
    const res = await refresh('no-such-token');
    expect(res).toEqual({ status: 401, body: error('unauthenticated') });
  });
});

describe('logout', () => {
  it('revokes the session so its refresh token no longer works', async () => {
    const user = await registerUserWithCookie(server.url);
    const rotated = await refresh(user.refreshToken);
    const out = await authPost(server.url, '/api/auth/logout', { refreshToken: cookieOf(rotated) });
    expect(out).toEqual({ status: 204, body: undefined });
    expect(await refresh(cookieOf(rotated))).toEqual({ status: 401, body: error('unauthenticated') });
  });

  it('succeeds for an unknown token without revealing anything', async () => {
    const out = await authPost(server.url, '/api/auth/logout', { refreshToken: 'never-issued' });
    expect(out).toEqual({ status: 204, body: undefined });
  });
});

describe('/api/me', () => {
  it('needs an access token', async () => {
    expect(await api(server.url, 'GET', '/api/me')).toEqual({ status: 401, body: error('unauthenticated') });
  });

  it('updates display name and bio, trimmed, and keeps them', async () => {
    const user = await registerUserWithCookie(server.url);
    const res = await api(server.url, 'PATCH', '/api/me', {
      token: user.accessToken,
      body: { displayName: ' Grace ', bio: ' Rear admiral. ' },
    });
    const expected = { ...user.user, displayName: 'Grace', bio: 'Rear admiral.' };
    expect(res).toEqual({ status: 200, body: expected });
    expect(await api(server.url, 'GET', '/api/me', { token: user.accessToken })).toEqual({ status: 200, body: { ...expected, isAdmin: expect.any(Boolean), passwordChangeRequired: false } });
  });

  it('refuses a bio over 280 characters, naming the field', async () => {
    const user = await registerUserWithCookie(server.url);
    const res = await api(server.url, 'PATCH', '/api/me', { token: user.accessToken, body: { bio: 'b'.repeat(281) } });
    expect(res).toEqual({ status: 400, body: invalidRequest('body.bio') });
  });

  it('needs the current password to set a new one', async () => {
    const user = await registerUserWithCookie(server.url);
    const res = await api(server.url, 'PATCH', '/api/me', { token: user.accessToken, body: { newPassword: 'brand new password' } });
    expect(res).toEqual({ status: 400, body: invalidRequest('body.currentPassword') });
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const user = await registerUserWithCookie(server.url);
    const res = await api(server.url, 'PATCH', '/api/me', {
      token: user.accessToken,
      body: { displayName: 'Changed', currentPassword: 'wrong password', newPassword: 'brand new password' },
    });
    expect(res).toEqual({ status: 401, body: error('invalid_credentials') });
    expect((await api<User>(server.url, 'GET', '/api/me', { token: user.accessToken })).body).toEqual({ ...user.user, isAdmin: expect.any(Boolean), passwordChangeRequired: false });
    expect((await login(user.user.username, user.password)).status).toBe(200);
    expect((await login(user.user.username, 'brand new password')).status).toBe(401);
  });

  it('changes the password, revoking the other sessions but not the current one', async () => {
    const user = await registerUserWithCookie(server.url);
    const other = await login(user.user.username, user.password);
    const res = await api(server.url, 'PATCH', '/api/me', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: 'brand new password' },
    });
    expect(res).toEqual({ status: 200, body: user.user });

    expect(await refresh(cookieOf(other))).toEqual({ status: 401, body: error('unauthenticated') });
    expect((await refresh(user.refreshToken)).status).toBe(200);
    expect(await login(user.user.username, user.password)).toEqual({ status: 401, body: error('invalid_credentials') });
    expect((await login(user.user.username, 'brand new password')).status).toBe(200);
  });
});

describe('expiry', () => {
  let now = Date.now();
  let timed: TestServer;
  beforeAll(async () => {
    timed = await startServer({}, { clock: () => now });
  });
  afterAll(async () => {
    await timed.close();
  });

  it('accepts an access token until its 15 minutes are up, then refuses it on REST and on the socket', async () => {
    const user = await registerUserWithCookie(timed.url);
    now += 899_000;
    expect((await api(timed.url, 'GET', '/api/me', { token: user.accessToken })).status).toBe(200);
    now += 2_000;
    expect(await api(timed.url, 'GET', '/api/me', { token: user.accessToken })).toEqual({ status: 401, body: error('unauthenticated') });

    const socket = new TestClient(timed.wsUrl);
    await socket.opened;
    socket.send({ type: 'session.hello', ref: 'late', token: user.accessToken });
    expect(await socket.closed).toBe(4401);
    expect(socket.frames).toEqual([{ type: 'error', ref: 'late', code: 'unauthenticated', message: expect.any(String) }]);
    // The refresh token outlives it and gets a working access token back.
    const renewed = await refreshWith<AuthSession>(timed.url, user.refreshToken);
    expect((await api(timed.url, 'GET', '/api/me', { token: renewed.body.accessToken })).status).toBe(200);
  });

  it('refuses a refresh token once its 30 days are up', async () => {
    const user = await registerUserWithCookie(timed.url);
    now += 30 * 86_400_000 + 1_000;
    const res = await refreshWith(timed.url, user.refreshToken);
    expect(res).toEqual({ status: 401, body: error('unauthenticated') });
  });
});
