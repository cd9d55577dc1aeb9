import type { AuthSession, User } from '@parley/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, registerUserWithCookie } from './helpers/api.js';
import { errorBody, invalidRequest } from './helpers/bodies.js';
import { authPost, cookieOf, refreshWith } from './helpers/refresh-cookie.js';
import { snapshot } from './helpers/snapshot.js';
import { startServer, type TestServer } from './helpers/start-server.js';

// Replayed and forged refresh cookies, and credentials in the wrong place. Each case also proves that
// a bystander's session still refreshes and that nothing stored changed.
type CookieAccount = AuthSession & { password: string; refreshToken: string };
let server: TestServer;
let bystander: CookieAccount;
let before: unknown;

beforeAll(async () => {
  server = await startServer();
  bystander = await registerUserWithCookie(server.url, 'bystander');
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  before = await snapshot(server.url, [bystander.accessToken]);
});

async function unharmed(): Promise<void> {
  const next = await refreshWith<AuthSession>(server.url, bystander.refreshToken);
  expect(next.status).toBe(200);
  bystander = { ...bystander, ...next.body, refreshToken: cookieOf(next) };
  expect(await snapshot(server.url, [bystander.accessToken])).toEqual(before);
}

describe('refresh cookies that must not work', () => {
  it('refuses a replayed (already rotated) cookie, and ends the whole session so the newest one dies too', async () => {
    const user = await registerUserWithCookie(server.url, 'replay');
    const rotated = await refreshWith<AuthSession>(server.url, user.refreshToken);
    expect(rotated.status).toBe(200);
    expect(await refreshWith(server.url, user.refreshToken)).toMatchObject({ status: 401, body: errorBody('unauthenticated') });
    expect(await refreshWith(server.url, cookieOf(rotated))).toMatchObject({ status: 401, body: errorBody('unauthenticated') });
    expect((await api(server.url, 'GET', '/api/me', { token: rotated.body.accessToken })).status).toBe(401);
    await unharmed();
  });

  it('refuses the cookie of a session that logged out', async () => {
    const user = await registerUserWithCookie(server.url, 'gone');
    expect((await authPost(server.url, '/api/auth/logout', { refreshToken: user.refreshToken })).status).toBe(204);
    expect(await refreshWith(server.url, user.refreshToken)).toMatchObject({ status: 401, body: errorBody('unauthenticated') });
    await unharmed();
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not-a-token'],
    ['5,000 characters', 'a'.repeat(5000)],
    ['SQL-looking', "' OR 1=1 --"],
    ['an access token', 'ACCESS'],
  ])('refuses a %s cookie with 401', async (_what, value) => {
    const token = value === 'ACCESS' ? bystander.accessToken : value;
    const res = await authPost(server.url, '/api/auth/refresh', { headers: { cookie: `parley_refresh=${encodeURIComponent(token)}` } });
    expect(res).toMatchObject({ status: 401, body: errorBody('unauthenticated') });
    await unharmed();
  });

  it('refuses a refresh token sent in the body, naming the field, so an old client hears about it', async () => {
    const user = await registerUserWithCookie(server.url, 'body');
    const res = await authPost(server.url, '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(res).toMatchObject({ status: 400, body: invalidRequest('refreshToken') });
    await unharmed();
  });
});

describe('credentials in the wrong place', () => {
  it('never takes the refresh cookie as authentication for a state-changing route', async () => {
    const user = await registerUserWithCookie(server.url, 'csrf');
    const res = await api<User>(server.url, 'PATCH', '/api/me', { body: { displayName: 'csrf' }, headers: { cookie: `parley_refresh=${user.refreshToken}` } });
    expect(res).toEqual({ status: 401, body: errorBody('unauthenticated') });
    expect((await api<User>(server.url, 'GET', '/api/me', { token: user.accessToken })).body.displayName).toBe(user.user.displayName);
    await unharmed();
  });

  it('never takes an access token from the query string', async () => {
    const res = await api(server.url, 'GET', `/api/rooms?access_token=${bystander.accessToken}&token=${bystander.accessToken}`);
    expect(res).toEqual({ status: 401, body: errorBody('unauthenticated') });
    await unharmed();
  });
});
