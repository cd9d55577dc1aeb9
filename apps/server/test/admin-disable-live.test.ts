import { join } from 'node:path';
import type { CreatedAccessToken, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_INTERVAL_MS } from '../src/domain/revocation-sweep.js';
import { openStore } from '../src/storage/db.js';
import { api, createRoom, registerUser, registerUserWithCookie } from './helpers/api.js';
import { errorBody, type Account } from './helpers/bodies.js';
import { DIALECTS } from './helpers/dialects.js';
import { redisAvailable } from './helpers/redis.js';
import { twoInstancesPerSuite } from './helpers/two-instances.js';
import { refreshWith } from './helpers/refresh-cookie.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, TestClient } from './helpers/ws-client.js';

/** Resolves with the close code, or fails once `ms` have passed: the brief's "at once" is a deadline. */
function closesWithin(client: TestClient, ms: number): Promise<number> {
  return Promise.race([client.closed, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms))]);
}

const pat = async (url: string, jwt: string) =>
  (await api<CreatedAccessToken>(url, 'POST', '/api/me/access-tokens', { token: jwt, body: { name: 'bot', scopes: ['read', 'write'] } })).body.token;
const disable = (url: string, admin: Account, userId: string) => api(url, 'PATCH', `/api/admin/users/${userId}`, { token: admin.accessToken, body: { disabled: true } });

describe('disabling a user on one instance', () => {
  let server: TestServer;
  let admin: Account;
  beforeAll(async () => {
    server = await startServer();
    admin = await registerUser(server.url, 'admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('closes every socket of the user with 4401 at once, and their tokens stop working', async () => {
    const user = await registerUserWithCookie(server.url, 'kicked');
    const token = await pat(server.url, user.accessToken);
    const sockets = [await connect(server.wsUrl, user.accessToken), await connect(server.wsUrl, user.accessToken), await connect(server.wsUrl, token)];
    expect((await disable(server.url, admin, user.user.id)).status).toBe(200);
    expect(await Promise.all(sockets.map((s) => closesWithin(s, 1000)))).toEqual([4401, 4401, 4401]);
    expect(await api(server.url, 'GET', '/api/me', { token: user.accessToken })).toEqual({ status: 401, body: errorBody('unauthenticated') });
    expect(await api(server.url, 'GET', '/api/me', { token })).toEqual({ status: 401, body: errorBody('unauthenticated') });
    expect((await refreshWith(server.url, user.refreshToken)).status).toBe(401);
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: user.user.username, password: user.password } });
    expect(login).toEqual({ status: 403, body: errorBody('account_disabled') });
  });

  it('refuses a still-unexpired access token of the disabled user on session.hello', async () => {
    const user = await registerUser(server.url, 'hello');
    await disable(server.url, admin, user.user.id);
    const client = new TestClient(server.wsUrl);
    await client.opened;
    client.send({ type: 'session.hello', token: user.accessToken, subscriptions: [] });
    expect(await client.next('error')).toMatchObject({ code: 'unauthenticated' });
    expect(await closesWithin(client, 1000)).toBe(4401);
  });

  it('leaves other users alone', async () => {
    const [victim, bystander] = await Promise.all([registerUser(server.url, 'victim'), registerUser(server.url, 'bystander')]);
    const room: Room = await createRoom(server.url, bystander.accessToken, { name: 'still here' });
    const watching = await connect(server.wsUrl, bystander.accessToken, [{ roomId: room.id }]);
    await watching.next('room.subscribed');
    const victimSocket = await connect(server.wsUrl, victim.accessToken);
    await disable(server.url, admin, victim.user.id);
    expect(await closesWithin(victimSocket, 1000)).toBe(4401);
    const ack = await watching.request({ type: 'message.send', roomId: room.id, clientMsgId: 'after', body: 'still talking' });
    expect(ack.type).toBe('message.acked');
    expect(watching.closeCode).toBeUndefined();
    expect((await api(server.url, 'GET', '/api/me', { token: bystander.accessToken })).status).toBe(200);
    await watching.close();
  });

  it('closes the sockets of a session revoked straight in the database, with no bus message, within a sweep', async () => {
    const user = await registerUser(server.url, 'swept');
    const socket = await connect(server.wsUrl, user.accessToken);
    const databaseUrl = server.config.databaseUrl ?? `sqlite:${join(server.config.dataDir, 'parley.db')}`;
    // Another process's view of the database, as `parley user disable` has: no bus, no sockets.
    const { store } = await openStore({ databaseUrl, dataDir: server.config.dataDir });
    try {
      await store.adminUsers.setDisabled(user.user.id, true, Date.now());
      await store.sessions.revoke(user.user.id, 'all', null, Date.now());
    } finally {
      await store.close();
    }
    expect(await closesWithin(socket, SWEEP_INTERVAL_MS + 2000)).toBe(4401);
  });
});

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;

describe.skipIf(!redisAvailable || !postgres.available)('disabling a user with sockets on two instances', () => {
  const pair = twoInstancesPerSuite(postgres);

  it('closes the sockets on both instances with 4401 within a second', async () => {
    const { a, b } = pair;
    const admin = await registerUser(a.url, 'admin');
    const user = await registerUser(a.url, 'twice');
    const token = await pat(a.url, user.accessToken);
    const onA = await connect(a.wsUrl, user.accessToken);
    const onB = await connect(b.wsUrl, user.accessToken);
    const patOnB = await connect(b.wsUrl, token);
    expect((await disable(a.url, admin, user.user.id)).status).toBe(200);
    expect(await Promise.all([onA, onB, patOnB].map((s) => closesWithin(s, 1000)))).toEqual([4401, 4401, 4401]);
    expect((await api(b.url, 'GET', '/api/me', { token })).status).toBe(401);
    expect((await api(b.url, 'GET', '/api/me', { token: admin.accessToken })).status).toBe(200);
  });
});
