import type { AuthSession, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser, registerUserWithCookie } from './helpers/api.js';
import { errorBody, invalidRequest } from './helpers/bodies.js';
import { authPost, cookieOf, refreshSetCookie, refreshWith } from './helpers/refresh-cookie.js';
import { startServer, type TestServer } from './helpers/start-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const TTL_SECONDS = 30 * 86_400;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** The exact cookie every session hands over: a plain-HTTP server, so no Secure. */
const setCookieFor = (token: string, secure = '') => `parley_refresh=${token}; Max-Age=${TTL_SECONDS}; Path=/api/auth; HttpOnly${secure}; SameSite=Strict`;
const CLEARED = 'parley_refresh=; Max-Age=0; Path=/api/auth; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict';
const SESSION_KEYS = ['accessToken', 'accessTokenExpiresAt', 'refreshTokenExpiresAt', 'user'];

/** A POST whose raw Set-Cookie header the test reads itself. */
async function rawPost(path: string, init: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie !== undefined) headers.cookie = init.cookie;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { method: 'POST', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: res.status, setCookie: refreshSetCookie(res), body: (await res.text()) || undefined };
}

describe('the refresh cookie', () => {
  it('hands the refresh token over on register and login only as an HttpOnly, SameSite=Strict cookie scoped to /api/auth', async () => {
    const user = await registerUserWithCookie(server.url, 'cookie');
    expect(user.refreshToken).toMatch(TOKEN);
    for (const [path, body] of [
      ['/api/auth/register', { username: `cookie_${process.pid}_fresh`, password: 'correct horse battery' }],
      ['/api/auth/login', { username: user.user.username, password: user.password }],
    ] as const) {
      const res = await rawPost(path, { body });
      expect(res.status).toBeLessThan(300);
      const token = /^parley_refresh=([^;]+);/.exec(res.setCookie ?? '')?.[1] ?? '';
      expect(token).toMatch(TOKEN);
      expect(res.setCookie).toBe(setCookieFor(token));
      // Only the expiry travels in the body: no script-readable copy of the token.
      expect(Object.keys(JSON.parse(res.body ?? '{}') as object).sort()).toEqual(SESSION_KEYS);
      expect(res.body).not.toContain(token);
    }
  });

  it('rotates on refresh: the new token comes back in the same cookie and the body still has none', async () => {
    const user = await registerUserWithCookie(server.url, 'cookie');
    const res = await rawPost('/api/auth/refresh', { cookie: `parley_refresh=${user.refreshToken}` });
    expect(res.status).toBe(200);
    const next = /^parley_refresh=([^;]+);/.exec(res.setCookie ?? '')?.[1] ?? '';
    expect(next).toMatch(TOKEN);
    expect(next).not.toBe(user.refreshToken);
    expect(res.setCookie).toBe(setCookieFor(next));
    expect(Object.keys(JSON.parse(res.body ?? '{}') as object).sort()).toEqual(SESSION_KEYS);
  });

  it('accepts a body-less POST with no content-type, and an empty JSON object', async () => {
    const user = await registerUserWithCookie(server.url, 'cookie');
    const bare = await refreshWith<AuthSession>(server.url, user.refreshToken);
    expect(bare.status).toBe(200);
    const withEmpty = await authPost<AuthSession>(server.url, '/api/auth/refresh', { refreshToken: cookieOf(bare), body: {} });
    expect(withEmpty.status).toBe(200);
    expect((await api(server.url, 'GET', '/api/me', { token: withEmpty.body.accessToken })).status).toBe(200);
  });

  it('refuses a refresh token sent in the body, leaving the token unspent', async () => {
    const user = await registerUserWithCookie(server.url, 'cookie');
    const res = await authPost(server.url, '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(res).toEqual({ status: 400, body: invalidRequest('refreshToken') });
    expect((await refreshWith(server.url, user.refreshToken)).status).toBe(200);
  });

  it.each([
    ['no cookie', undefined],
    ['an empty cookie', 'parley_refresh='],
    ['a cookie that cannot be a token', 'parley_refresh=..%2F..%2Fetc%2Fpasswd'],
    ['a token never issued', `parley_refresh=${'A'.repeat(43)}`],
    ['another cookie only', 'session=abc'],
  ])('answers a refresh with %s with 401 and clears the cookie', async (_what, cookie) => {
    const res = await rawPost('/api/auth/refresh', { cookie });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body ?? '')).toEqual(errorBody('unauthenticated'));
    expect(res.setCookie).toBe(CLEARED);
  });

  it('clears the cookie when a replayed token revokes the session', async () => {
    const user = await registerUserWithCookie(server.url, 'cookie');
    const rotated = await refreshWith(server.url, user.refreshToken);
    const replay = await rawPost('/api/auth/refresh', { cookie: `parley_refresh=${user.refreshToken}` });
    expect(replay.status).toBe(401);
    expect(replay.setCookie).toBe(CLEARED);
    expect((await refreshWith(server.url, cookieOf(rotated))).status).toBe(401);
  });

  it('logs out with the cookie: the session is revoked and the cookie cleared', async () => {
    const user = await registerUserWithCookie(server.url, 'cookie');
    const out = await rawPost('/api/auth/logout', { cookie: `parley_refresh=${user.refreshToken}` });
    expect(out).toEqual({ status: 204, setCookie: CLEARED, body: undefined });
    expect(await refreshWith(server.url, user.refreshToken)).toEqual({ status: 401, body: errorBody('unauthenticated') });
  });

  it('logs out without a cookie too (204, cleared), so a stale tab can always sign out', async () => {
    expect(await rawPost('/api/auth/logout')).toEqual({ status: 204, setCookie: CLEARED, body: undefined });
  });

  it('marks the cookie Secure when a trusted proxy says the request came over TLS, and only then', async () => {
    const proxied = await startServer({ trustProxy: true });
    try {
      const viaTls = await authPost(proxied.url, '/api/auth/register', {
        body: { username: `tls_${process.pid}`, password: 'correct horse battery' },
        headers: { 'x-forwarded-proto': 'https' },
      });
      const res = await fetch(`${proxied.url}/api/auth/refresh`, {
        method: 'POST',
        headers: { cookie: `parley_refresh=${cookieOf(viaTls)}`, 'x-forwarded-proto': 'https' },
      });
      const next = /^parley_refresh=([^;]+);/.exec(refreshSetCookie(res) ?? '')?.[1] ?? '';
      expect(refreshSetCookie(res)).toBe(setCookieFor(next, '; Secure'));
    } finally {
      await proxied.close();
    }
    // Not trusted: anyone can send X-Forwarded-Proto, so it changes nothing.
    const direct = await rawPost('/api/auth/login', {
      body: { username: `tls_${process.pid}`, password: 'correct horse battery' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(direct.setCookie ?? '').not.toContain('Secure');
  });
});

describe('cookies never authenticate the API (CSRF)', () => {
  let owner: Awaited<ReturnType<typeof registerUserWithCookie>>;
  let member: Awaited<ReturnType<typeof registerUser>>;
  let room: Room;
  /** Every cookie a browser could hold for the user, the access token included, and no Authorization header. */
  let cookies: string;
  beforeAll(async () => {
    owner = await registerUserWithCookie(server.url, 'csrf');
    member = await registerUser(server.url, 'csrf');
    room = await createRoom(server.url, owner.accessToken, { name: 'Guarded' });
    expect((await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: member.accessToken, body: {} })).status).toBe(200);
    cookies = `parley_refresh=${owner.refreshToken}; access_token=${owner.accessToken}; token=${owner.accessToken}`;
  });

  /** What the owner can see; a request that acted for them would change some of it. */
  async function snapshot() {
    const token = owner.accessToken;
    return Promise.all(
      ['/api/me', '/api/rooms', `/api/rooms/${room.id}`, `/api/rooms/${room.id}/members`].map((p) => api(server.url, 'GET', p, { token })),
    );
  }

  it.each([
    ['POST', '/api/rooms', { name: 'forged' }],
    ['PATCH', '/api/me', { displayName: 'forged' }],
    ['PATCH', '/api/rooms/:room', { name: 'forged' }],
    ['DELETE', '/api/rooms/:room', undefined],
    ['POST', '/api/rooms/:room/leave', {}],
    ['POST', '/api/rooms/:room/invites', {}],
    ['POST', '/api/rooms/:room/members/:member/role', { role: 'admin' }],
    ['DELETE', '/api/rooms/:room/members/:member', undefined],
    ['PUT', '/api/rooms/:room/read', { seq: 1 }],
    ['PUT', '/api/rooms/:room/notifications', { muted: true }],
    ['DELETE', '/api/me/avatar', undefined],
    ['POST', '/api/uploads', { file: 'x' }],
  ])('refuses %s %s with 401 when only cookies come along, and changes nothing', async (method, template, body) => {
    const path = template.replace(':room', room.id).replace(':member', member.user.id);
    const before = await snapshot();
    const res = await api(server.url, method, path, { body, headers: { cookie: cookies } });
    expect(res).toEqual({ status: 401, body: errorBody('unauthenticated') });
    expect(await snapshot()).toEqual(before);
  });

  it('still lets the refresh cookie work where it belongs after all that', async () => {
    expect((await refreshWith(server.url, owner.refreshToken)).status).toBe(200);
  });
});
