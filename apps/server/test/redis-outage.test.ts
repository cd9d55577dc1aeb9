import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { api, createRoom, registerUser } from './helpers/api.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { adminClient, deleteKeys, REDIS_URL, redisAvailable, uniquePrefix, waitForSubscribers } from './helpers/redis.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { connect } from './helpers/ws-client.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;
const prefix = uniquePrefix();

describe.skipIf(!redisAvailable || !postgres.available)('an instance that loses Redis', () => {
  let admin: Redis;
  let db: ScratchDatabase;
  let proxy: TcpProxy;
  let a: TestServer; // reaches Redis through the proxy, which the test cuts
  let b: TestServer;

  beforeAll(async () => {
    admin = adminClient();
    db = await postgres.create();
    const target = new URL(REDIS_URL);
    proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    const viaProxy = new URL(REDIS_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const shared = { databaseUrl: db.url, redisKeyPrefix: prefix, presenceTtlSeconds: 2 };
    a = await startServer({ ...shared, redisUrl: viaProxy.toString() });
    b = await startServer({ ...shared, redisUrl: REDIS_URL });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await a?.close();
    await b?.close();
    await proxy?.cut();
    await deleteKeys(admin, prefix);
    await admin?.quit();
    await db?.drop();
  });

  it('keeps serving its own sockets, reports not ready, and rejoins the others when Redis is back', async () => {
    const alice = await registerUser(a.url, 'alice');
    const bob = await registerUser(a.url, 'bob');
    const carol = await registerUser(a.url, 'carol');
    const room = await createRoom(a.url, alice.accessToken);
    await api(a.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken, body: {} });
    await api(a.url, 'POST', `/api/rooms/${room.id}/join`, { token: carol.accessToken, body: {} });
    const carolOnB = await connect(b.wsUrl, carol.accessToken, [{ roomId: room.id }]);
    await carolOnB.next('room.subscribed');
    await waitForSubscribers(admin, `${prefix}room:${room.id}`, 1); // so B hears A announce Alice below
    const aliceOnA = await connect(a.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    const bobOnA = await connect(a.wsUrl, bob.accessToken, [{ roomId: room.id }]);
    const bobOnB = await connect(b.wsUrl, bob.accessToken, [{ roomId: room.id }]);
    await Promise.all([aliceOnA.next('room.subscribed'), bobOnA.next('room.subscribed'), bobOnB.next('room.subscribed')]);
    expect((await api(a.url, 'GET', '/readyz')).status).toBe(200);
    await carolOnB.next('presence.updated', (f) => f.online.includes(alice.user.id)); // consumed, so it cannot stand in for the later one

    await proxy.cut();
    await expect.poll(async () => (await api<{ checks: { bus: string } }>(a.url, 'GET', '/readyz')).body.checks?.bus, { timeout: 3000 }).toBe('failing');
    expect((await api(a.url, 'GET', '/readyz')).status).toBe(503);
    await aliceOnA.request({ type: 'message.send', roomId: room.id, clientMsgId: 'during', body: 'Redis is down' });
    expect((await bobOnA.next('message.created', (f) => f.message.clientMsgId === 'during')).message.body).toBe('Redis is down');
    // Cut off for longer than the TTL, A is swept: B announces Alice offline (Bob stays online through B).
    const swept = await carolOnB.next('presence.updated', (f) => f.offline.includes(alice.user.id), 10_000);
    expect(swept.offline).toEqual([alice.user.id]);

    await proxy.restore();
    await expect.poll(async () => (await api(a.url, 'GET', '/readyz')).status, { timeout: 10_000 }).toBe(200);
    // Back, A re-registers and announces Alice online again, since she never left.
    await carolOnB.next('presence.updated', (f) => f.online.includes(alice.user.id), 5000);
    await waitForSubscribers(admin, `${prefix}room:${room.id}`, 2, 5000);
    await aliceOnA.request({ type: 'message.send', roomId: room.id, clientMsgId: 'after', body: 'back' });
    expect((await bobOnB.next('message.created', (f) => f.message.clientMsgId === 'after')).message.body).toBe('back');
    // B missed 'during' live; the seq gap before 'after' makes its room cursor fetch it from storage, in order, once.
    const onB = bobOnB.frames.flatMap((f) => (f.type === 'message.created' ? [f.message.clientMsgId] : []));
    expect(onB).toEqual(['during', 'after']);
    await Promise.all([aliceOnA.close(), bobOnA.close(), bobOnB.close(), carolOnB.close()]);
  });
});
