import type { AuthSession, SessionList } from '@parley/protocol';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from './helpers/api.js';
import { DIALECTS } from './helpers/dialects.js';
import { adminClient, redisAvailable, waitForSubscribers } from './helpers/redis.js';
import { twoInstancesPerSuite } from './helpers/two-instances.js';
import { authPost, cookieOf } from './helpers/refresh-cookie.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, type TestClient } from './helpers/ws-client.js';

/** The brief's bound: a revoked session's sockets close within a second. */
const CLOSE_WITHIN_MS = 1000;

/** The close code, or 'still open' if the socket did not close within the bound. */
function closeCodeWithin(client: TestClient, ms = CLOSE_WITHIN_MS): Promise<number | 'still open'> {
  return Promise.race([client.closed, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);
}

/** The socket is open and answering: a ping gets its pong. */
async function expectAlive(client: TestClient): Promise<void> {
  expect(client.closeCode).toBeUndefined();
  expect(await client.request({ type: 'session.ping', ref: 'alive' })).toMatchObject({ type: 'session.pong' });
}

/** One user on two devices (two logins), each with a socket; `serverB` hosts the second device when given. */
async function twoDevices(serverA: TestServer, serverB: TestServer = serverA) {
  const user = await registerUser(serverA.url);
  const res = await authPost<AuthSession>(serverB.url, '/api/auth/login', { body: { username: user.user.username, password: user.password } });
  expect(res.status).toBe(200);
  const second = { accessToken: res.body.accessToken, refreshToken: cookieOf(res) };
  const sockA = await connect(serverA.wsUrl, user.accessToken);
  const sockB = await connect(serverB.wsUrl, second.accessToken);
  const sessions = (await api<SessionList>(serverB.url, 'GET', '/api/me/sessions', { token: second.accessToken })).body.sessions;
  const secondId = sessions.find((s) => s.current)!.id;
  return { user, second, sockA, sockB, secondId };
}

describe('session revocation closes sockets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });
  const me = (token: string) => api(server.url, 'GET', '/api/me', { token });

  it('closes only the revoked session’s socket with 4401, and its token gets 401', async () => {
    const { user, second, sockA, sockB, secondId } = await twoDevices(server);
    const res = await api(server.url, 'DELETE', `/api/me/sessions/${secondId}`, { token: user.accessToken });
    expect(res.status).toBe(204);
    expect(await closeCodeWithin(sockB)).toBe(4401);
    expect((await me(second.accessToken)).status).toBe(401);
    await expectAlive(sockA);
    expect((await me(user.accessToken)).status).toBe(200);
    await sockA.close();
  });

  it('closes every socket on "log out everywhere"', async () => {
    const { user, sockA, sockB } = await twoDevices(server);
    const res = await api(server.url, 'POST', '/api/me/sessions/revoke-all', { token: user.accessToken, body: { includeCurrent: true } });
    expect(res).toEqual({ status: 200, body: { revoked: 2 } });
    expect(await Promise.all([closeCodeWithin(sockA), closeCodeWithin(sockB)])).toEqual([4401, 4401]);
  });

  it('closes the other sessions’ sockets on a password change and keeps the current one', async () => {
    const { user, second, sockA, sockB } = await twoDevices(server);
    const res = await api(server.url, 'PATCH', '/api/me', { token: user.accessToken, body: { currentPassword: user.password, newPassword: 'an entirely new passphrase' } });
    expect(res.status).toBe(200);
    expect(await closeCodeWithin(sockB)).toBe(4401);
    expect((await me(second.accessToken)).status).toBe(401);
    await expectAlive(sockA);
    await sockA.close();
  });

  it('closes the session’s sockets on logout', async () => {
    const { second, sockA, sockB } = await twoDevices(server);
    const res = await authPost(server.url, '/api/auth/logout', { refreshToken: second.refreshToken });
    expect(res.status).toBe(204);
    expect(await closeCodeWithin(sockB)).toBe(4401);
    await expectAlive(sockA);
    await sockA.close();
  });

  it('closes the session’s sockets when a rotated refresh token is replayed (theft)', async () => {
    const { second, sockA, sockB } = await twoDevices(server);
    const rotated = await authPost<AuthSession>(server.url, '/api/auth/refresh', { refreshToken: second.refreshToken });
    expect(rotated.status).toBe(200);
    const replay = await authPost(server.url, '/api/auth/refresh', { refreshToken: second.refreshToken });
    expect(replay.status).toBe(401);
    expect(await closeCodeWithin(sockB)).toBe(4401);
    expect((await me(rotated.body.accessToken)).status).toBe(401);
    await expectAlive(sockA);
    await sockA.close();
  });

  it('refuses a socket hello with a revoked session’s access token', async () => {
    const { user, second, sockA, sockB, secondId } = await twoDevices(server);
    await api(server.url, 'DELETE', `/api/me/sessions/${secondId}`, { token: user.accessToken });
    expect(await closeCodeWithin(sockB)).toBe(4401);
    await expect(connect(server.wsUrl, second.accessToken)).rejects.toThrow(/4401/);
    await sockA.close();
  });
});

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;
if (!redisAvailable || !postgres.available) {
  if (process.env.CI === 'true') throw new Error('session revocation across instances needs Redis and PostgreSQL under CI=true');
  process.stderr.write('\n!!! Redis or PostgreSQL unreachable: SKIPPING session revocation across instances !!!\n\n');
}

describe.skipIf(!redisAvailable || !postgres.available)('session revocation across two instances', () => {
  const pair = twoInstancesPerSuite(postgres);
  let admin: Redis;
  let prefix: string;
  let a: TestServer;
  let b: TestServer;
  beforeAll(() => {
    ({ a, b, prefix } = pair);
    admin = adminClient();
  });
  afterAll(async () => {
    await admin?.quit();
  });

  it('closes a socket on B with 4401 when its session is revoked on A', async () => {
    const { user, second, sockA, sockB, secondId } = await twoDevices(a, b);
    await waitForSubscribers(admin, `${prefix}user:${user.user.id}`, 2);
    const res = await api(a.url, 'DELETE', `/api/me/sessions/${secondId}`, { token: user.accessToken });
    expect(res.status).toBe(204);
    expect(await closeCodeWithin(sockB)).toBe(4401);
    expect((await api(b.url, 'GET', '/api/me', { token: second.accessToken })).status).toBe(401);
    await expectAlive(sockA);
    await sockA.close();
  });
});
