import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminStats, Message, MessageKind, SeriesPoint } from '@parley/protocol';
import { MemoryPresence } from '../src/bus/memory-presence.js';
import { fillSeries } from '../src/domain/admin-stats.js';
import { createStatsSampler, SAMPLE_RETENTION_MS } from '../src/domain/stats-sampler.js';
import { openStore } from '../src/storage/db.js';
import type { Store } from '../src/storage/types.js';
import { api, createRoom, registerUser } from './helpers/api.js';
import { errorBody, type Account } from './helpers/bodies.js';
import { DIALECTS } from './helpers/dialects.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { upload } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

// The admin dashboard: GET /api/admin/stats against a server whose clock the test holds, with
// messages and samples written at known times straight into its database.
const HOUR = 3_600_000;
const FIVE_MINUTES = 300_000;
/** Half past the current hour, so the test's times sit in known buckets. */
const NOW = Math.floor(Date.now() / HOUR) * HOUR + 30 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('fillSeries', () => {
  it('gives count buckets ending with the one holding now, oldest first, 0 where nothing was counted', () => {
    const now = 10 * HOUR + 5;
    expect(fillSeries(new Map([[8, 4], [10, 1], [3, 99]]), now, HOUR, 3)).toEqual<SeriesPoint[]>([
      { at: iso(8 * HOUR), value: 4 },
      { at: iso(9 * HOUR), value: 0 },
      { at: iso(10 * HOUR), value: 1 },
    ]);
  });
});

describe('GET /api/admin/stats', () => {
  let now = NOW;
  let server: TestServer;
  let store: Store;
  let admin: Account;
  let user: Account;
  let roomId: string;
  let seq = 100;

  const stats = async (token = admin.accessToken) => api<AdminStats>(server.url, 'GET', '/api/admin/stats', { token });
  const message = (kind: MessageKind, at: number): Message => ({
    id: randomUUID(), roomId, seq: ++seq, kind, body: 'x', event: kind === 'system' ? { type: 'member.left', user: admin.user } : null,
    sender: kind === 'system' ? null : admin.user, clientMsgId: null, createdAt: iso(at),
  });

  beforeAll(async () => {
    server = await startServer({}, { clock: () => now });
    // A second connection to the server's own SQLite file (or scratch PostgreSQL database) seeds rows at chosen times.
    store = (await openStore({ databaseUrl: server.config.databaseUrl, dataDir: server.config.dataDir })).store;
    admin = await registerUser(server.url, 'admin');
    user = await registerUser(server.url, 'user');
    roomId = (await createRoom(server.url, admin.accessToken, { name: 'busy' })).id;
  });
  afterAll(async () => {
    await store?.close();
    await server?.close();
  });

  it('answers a non-admin 404 and an anonymous caller 401', async () => {
    expect(await stats(user.accessToken)).toEqual({ status: 404, body: errorBody('not_found') });
    expect(await api(server.url, 'GET', '/api/admin/stats')).toEqual({ status: 401, body: errorBody('unauthenticated') });
  });

  it('counts written messages per hour over 24 hours and 30 days, in the right buckets', async () => {
    const hour = Math.floor(NOW / HOUR) * HOUR;
    await store.messages.importMany([
      message('text', hour), message('text', NOW), message('image', NOW + 1), // this hour: 3
      message('system', NOW + 2), message('update', NOW + 3), // never counted
      message('file', hour - 5 * HOUR + 1), // 5 hours ago
      message('text', hour - 23 * HOUR), // the oldest hour of the 24
      message('text', hour - 24 * HOUR), // only in the 30 days
      message('text', hour - 10 * 24 * HOUR), message('text', hour - 10 * 24 * HOUR + HOUR - 1), // 10 days ago, one hour
      message('text', hour - 719 * HOUR), // the oldest hour of the 30 days
      message('text', hour - 720 * HOUR), // too old for either
    ]);
    const { status, body } = await stats();
    expect(status).toBe(200);
    const day = body.messagesPerHour24h;
    expect(day).toHaveLength(24);
    expect(day[0]).toEqual({ at: iso(hour - 23 * HOUR), value: 1 });
    expect(day[23]).toEqual({ at: iso(hour), value: 3 });
    expect(day[18]).toEqual({ at: iso(hour - 5 * HOUR), value: 1 });
    expect(day.reduce((n, p) => n + p.value, 0)).toBe(5);
    const month = body.messagesPerHour30d;
    expect(month).toHaveLength(720);
    expect(month.slice(-24)).toEqual(day);
    expect(month[0]).toEqual({ at: iso(hour - 719 * HOUR), value: 1 });
    expect(month[719 - 240]).toEqual({ at: iso(hour - 240 * HOUR), value: 2 });
    expect(month.reduce((n, p) => n + p.value, 0)).toBe(9);
    // Users, the one live room, and every written message ever (the 30-day window does not apply).
    expect(body.totals).toEqual({ users: 2, rooms: 1, messages: 10 });
    expect(body.generatedAt).toBe(iso(NOW));
  });

  it('draws online users per 5 minutes from the samples, the largest over instances, 0 where none', async () => {
    const bucket = Math.floor(NOW / FIVE_MINUTES) * FIVE_MINUTES;
    await store.stats.insertSample({ instanceId: 'i-1', at: bucket + 1, sockets: 3, onlineUsers: 2 });
    await store.stats.insertSample({ instanceId: 'i-2', at: bucket + 2, sockets: 9, onlineUsers: 5 });
    await store.stats.insertSample({ instanceId: 'i-1', at: bucket - 287 * FIVE_MINUTES, sockets: 1, onlineUsers: 1 });
    await store.stats.insertSample({ instanceId: 'i-1', at: bucket - 288 * FIVE_MINUTES, sockets: 7, onlineUsers: 7 });
    const series = (await stats()).body.onlineUsers24h;
    expect(series).toHaveLength(288);
    expect(series[287]).toEqual({ at: iso(bucket), value: 5 });
    expect(series[0]).toEqual({ at: iso(bucket - 287 * FIVE_MINUTES), value: 1 });
    expect(series.reduce((n, p) => n + p.value, 0)).toBe(6);
  });

  it('shows this instance with its sockets and the users online now', async () => {
    const socket = await connect(server.wsUrl, user.accessToken);
    const second = await connect(server.wsUrl, user.accessToken);
    const body = (await stats()).body;
    expect(body.onlineUsers).toBe(1);
    expect(body.instances).toEqual([{ id: expect.any(String), sockets: 2, onlineUsers: 1, startedAt: expect.any(String), lastSeenAt: expect.any(String) }]);
    await Promise.all([socket.close(), second.close()]);
  });

  it('measures uploads from the blob store, walking it at most once a minute', async () => {
    const before = (await stats()).body.storage;
    expect(before.databaseBytes).toBeGreaterThan(0);
    expect(before).toMatchObject({ uploadsBytes: 0, uploadsFiles: 0 });
    expect((await upload(server.url, user.accessToken, Buffer.alloc(1234, 'a'), 'a.txt')).status).toBe(201);
    expect((await stats()).body.storage).toMatchObject({ uploadsBytes: 0, uploadsFiles: 0 });
    now += 60_000;
    expect((await stats()).body.storage).toMatchObject({ uploadsBytes: 1234, uploadsFiles: 1 });
  });
});

describe('the stats sampler', () => {
  const sqlite = DIALECTS.find((d) => d.name === 'sqlite')!;

  it('writes one row per tick with its sockets and the users online, and drops samples past 31 days', async () => {
    const db = await sqlite.create();
    const { store } = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' });
    try {
      let now = NOW;
      const presence = new MemoryPresence(() => now);
      await presence.connect('ann');
      await presence.connect('ann');
      await presence.connect('bo');
      await store.stats.insertSample({ instanceId: 'gone', at: NOW - SAMPLE_RETENTION_MS - 1, sockets: 1, onlineUsers: 1 });
      const errors: unknown[] = [];
      const sampler = createStatsSampler({ store, presence, clock: () => now, onError: (err) => errors.push(err) });
      await sampler.tick();
      const all = await store.stats.onlineUsersPerBucket(0, NOW + 1, FIVE_MINUTES);
      expect([...all]).toEqual([[Math.floor(NOW / FIVE_MINUTES), 2]]);
      // On its own timer too, unref'd and stopped on demand.
      const timed = createStatsSampler({ store, presence, clock: () => (now += 1), intervalMs: 10, onError: (err) => errors.push(err) });
      now += FIVE_MINUTES;
      timed.start();
      const deadline = Date.now() + 3000;
      while ((await store.stats.onlineUsersPerBucket(NOW + 1, now + 1, FIVE_MINUTES)).size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      timed.stop();
      expect([...(await store.stats.onlineUsersPerBucket(NOW + 1, now + 1, FIVE_MINUTES))]).toEqual([[Math.floor(now / FIVE_MINUTES), 2]]);
      expect(errors).toEqual([]);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
