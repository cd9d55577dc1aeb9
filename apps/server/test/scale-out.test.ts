import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '@parley/protocol';
import { RedisPresence } from '../src/bus/redis-presence.js';
import { api, createRoom, registerUser } from './helpers/api.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import type { Redis } from 'ioredis';
import { adminClient, deleteKeys, REDIS_URL, redisAvailable, uniquePrefix, waitForSubscribers } from './helpers/redis.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;
const TTL_SECONDS = 2;
const prefix = uniquePrefix();

describe.skipIf(!redisAvailable || !postgres.available)('two instances sharing PostgreSQL and Redis', () => {
  let admin: Redis;
  let db: ScratchDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    admin = adminClient();
    db = await postgres.create();
    const shared = { databaseUrl: db.url, redisUrl: REDIS_URL, redisKeyPrefix: prefix, presenceTtlSeconds: TTL_SECONDS };
    // One after the other, so only one runs the migrations.
    a = await startServer(shared);
    b = await startServer(shared);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await deleteKeys(admin, prefix);
    await admin?.quit();
    await db?.drop();
  });

  /** Alice and Bob in one room; Alice's socket on A, Bob's on B, both subscribed and live in Redis. */
  async function acrossInstances() {
    const alice = await registerUser(a.url, 'alice');
    const bob = await registerUser(b.url, 'bob');
    const room = await createRoom(a.url, alice.accessToken);
    await api(b.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken, body: {} });
    const onA = await connect(a.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    const onB = await connect(b.wsUrl, bob.accessToken, [{ roomId: room.id }]);
    await Promise.all([onA.next('room.subscribed'), onB.next('room.subscribed')]);
    await waitForSubscribers(admin, `${prefix}room:${room.id}`, 2);
    return { alice, bob, room, onA, onB };
  }

  it('delivers a message sent on A to a subscriber on B exactly once', async () => {
    const { room, onA, onB } = await acrossInstances();
    const ack = await onA.request({ type: 'message.send', roomId: room.id, clientMsgId: 'x1', body: 'from A' });
    expect(ack).toMatchObject({ type: 'message.acked', duplicate: false });
    const got = await onB.next('message.created', (f) => f.message.clientMsgId === 'x1');
    expect(got.message).toMatchObject({ body: 'from A', roomId: room.id });
    await onA.next('message.created', (f) => f.message.clientMsgId === 'x1');
    // A later message from B is the marker: anything duplicated would have arrived before it.
    await onB.request({ type: 'message.send', roomId: room.id, clientMsgId: 'y1', body: 'from B' });
    await Promise.all([onA.next('message.created', (f) => f.message.clientMsgId === 'y1'), onB.next('message.created', (f) => f.message.clientMsgId === 'y1')]);
    for (const client of [onA, onB]) {
      expect(client.frames.filter((f) => f.type === 'message.created' && f.message.clientMsgId === 'x1')).toHaveLength(1);
      expect(client.frames.filter((f) => f.type === 'message.created' && f.message.clientMsgId === 'y1')).toHaveLength(1);
    }
    await Promise.all([onA.close(), onB.close()]);
  });

  it('relays typing from A to B', async () => {
    const { alice, room, onA, onB } = await acrossInstances();
    onA.send({ type: 'typing.start', roomId: room.id });
    expect(await onB.next('typing.updated')).toMatchObject({ roomId: room.id, user: { id: alice.user.id }, typing: true });
    await Promise.all([onA.close(), onB.close()]);
  });

  it('shows a user on B coming online and going offline to a watcher on A, with counts right on both', async () => {
    const alice = await registerUser(a.url, 'alice');
    const bob = await registerUser(b.url, 'bob');
    const room = await createRoom(a.url, alice.accessToken);
    await api(b.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken, body: {} });
    const watcher = await connect(a.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    await watcher.next('room.subscribed');
    await waitForSubscribers(admin, `${prefix}room:${room.id}`, 1);

    const bobOnB = await connect(b.wsUrl, bob.accessToken);
    const online = await watcher.next('presence.updated', (f) => f.online.includes(bob.user.id));
    expect(online).toMatchObject({ roomId: room.id, onlineCount: 2, offline: [] });
    for (const server of [a, b]) {
      const listed = await api<{ rooms: Room[] }>(server.url, 'GET', '/api/rooms', { token: alice.accessToken });
      expect(listed.body.rooms.find((r) => r.id === room.id)?.onlineCount).toBe(2);
    }

    await bobOnB.close();
    const offline = await watcher.next('presence.updated', (f) => f.offline.includes(bob.user.id));
    expect(offline).toMatchObject({ onlineCount: 1, online: [], offline: [bob.user.id] });
    const listed = await api<{ rooms: Room[] }>(b.url, 'GET', '/api/rooms', { token: alice.accessToken });
    expect(listed.body.rooms.find((r) => r.id === room.id)?.onlineCount).toBe(1);
    await watcher.close();
  });

  it('keeps online counts right on every instance when a user online on B joins and leaves through A', async () => {
    const alice = await registerUser(a.url, 'alice');
    const carol = await registerUser(b.url, 'carol');
    const room = await createRoom(a.url, alice.accessToken);
    const onlineCount = async (server: TestServer) =>
      (await api<{ rooms: Room[] }>(server.url, 'GET', '/api/rooms', { token: alice.accessToken })).body.rooms.find((r) => r.id === room.id)?.onlineCount;
    const carolOnB = await connect(b.wsUrl, carol.accessToken);
    expect(await onlineCount(b)).toBe(0);

    await api(a.url, 'POST', `/api/rooms/${room.id}/join`, { token: carol.accessToken, body: {} });
    expect(await onlineCount(a)).toBe(1);
    await expect.poll(() => onlineCount(b), { timeout: 3000 }).toBe(1);

    await api(a.url, 'POST', `/api/rooms/${room.id}/leave`, { token: carol.accessToken });
    expect(await onlineCount(a)).toBe(0);
    await expect.poll(() => onlineCount(b), { timeout: 3000 }).toBe(0);
    await carolOnB.close();
  });

  it('lets a peer announce the users of a gracefully closed instance offline, once, a sweep later', async () => {
    const alice = await registerUser(a.url, 'alice');
    const dave = await registerUser(a.url, 'dave');
    const room = await createRoom(a.url, alice.accessToken);
    await api(a.url, 'POST', `/api/rooms/${room.id}/join`, { token: dave.accessToken, body: {} });
    const watcher = await connect(a.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    await watcher.next('room.subscribed');
    const c = await startServer({ databaseUrl: db.url, redisUrl: REDIS_URL, redisKeyPrefix: prefix, presenceTtlSeconds: TTL_SECONDS });
    await connect(c.wsUrl, dave.accessToken); // closed by c.close() below
    await watcher.next('presence.updated', (f) => f.online.includes(dave.user.id));

    const closedAt = Date.now();
    await c.close();
    await watcher.next('presence.updated', (f) => f.offline.includes(dave.user.id), 10_000);
    expect(Date.now() - closedAt).toBeLessThan((TTL_SECONDS / 3) * 1000 + 1000);
    await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000));
    expect(watcher.frames.filter((f) => f.type === 'presence.updated' && f.offline.includes(dave.user.id))).toHaveLength(1);
    await watcher.close();
  });

  it('marks the users of a crashed instance offline within the TTL, announced once', async () => {
    const alice = await registerUser(a.url, 'alice');
    const carol = await registerUser(a.url, 'carol');
    const room = await createRoom(a.url, alice.accessToken);
    await api(a.url, 'POST', `/api/rooms/${room.id}/join`, { token: carol.accessToken, body: {} });
    const watcher = await connect(a.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    await watcher.next('room.subscribed');

    // A third instance, as far as presence goes, that will die without cleaning up.
    const doomed = new RedisPresence({ url: REDIS_URL, keyPrefix: prefix, ttlSeconds: TTL_SECONDS, onRedisError: () => undefined });
    await doomed.start(3000);
    expect(await doomed.connect(carol.user.id)).toBe(true);
    const members = async (server: TestServer) =>
      (await api<{ members: Array<{ user: { id: string }; online: boolean }> }>(server.url, 'GET', `/api/rooms/${room.id}/members`, { token: alice.accessToken })).body.members;
    await expect.poll(async () => (await members(b)).find((m) => m.user.id === carol.user.id)?.online, { timeout: 3000 }).toBe(true);

    const crashedAt = Date.now();
    doomed.halt();
    const offline = await watcher.next('presence.updated', (f) => f.offline.includes(carol.user.id), 10_000);
    // The heartbeat lapses after the TTL; a peer's sweep (every third of the TTL) notices soon after.
    expect(Date.now() - crashedAt).toBeLessThan((TTL_SECONDS * 4) / 3 * 1000 + 1000);
    expect(offline).toMatchObject({ roomId: room.id, offline: [carol.user.id] });
    for (const server of [a, b]) expect((await members(server)).find((m) => m.user.id === carol.user.id)?.online).toBe(false);
    await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000)); // another round of sweeps announces nothing more
    expect(watcher.frames.filter((f) => f.type === 'presence.updated' && f.offline.includes(carol.user.id))).toHaveLength(1);
    await watcher.close();
  });
});
