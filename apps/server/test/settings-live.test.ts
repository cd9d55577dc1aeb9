import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { AdminStats, PublicInstance } from '@parley/protocol';
import { api, registerUser } from './helpers/api.js';
import { errorBody, type Account } from './helpers/bodies.js';
import { DIALECTS } from './helpers/dialects.js';
import { adminClient, redisAvailable, waitForSubscribers } from './helpers/redis.js';
import { twoInstancesPerSuite } from './helpers/two-instances.js';
import type { TestServer } from './helpers/start-server.js';
import { png, textBytes, upload } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

// Settings saved on one instance apply on every instance: two servers sharing one database
// (PostgreSQL when reachable, else one SQLite file) and one Redis.
const database = DIALECTS.find((d) => d.name === 'postgres' && d.available) ?? DIALECTS.find((d) => d.name === 'sqlite')!;

describe.skipIf(!redisAvailable)(`settings live on two instances (${database.name} + Redis)`, () => {
  const pair = twoInstancesPerSuite(database, { presenceTtlSeconds: 2, uploads: { maxFileBytes: 1_000_000 } });
  let redis: Redis;
  let a: TestServer;
  let b: TestServer;
  let admin: Account;
  let user: Account;

  beforeAll(async () => {
    ({ a, b } = pair);
    redis = adminClient();
    await waitForSubscribers(redis, `${pair.prefix}instances`, 2);
    admin = await registerUser(a.url, 'admin');
    user = await registerUser(b.url, 'user');
  });
  afterAll(async () => {
    await redis?.quit();
  });

  it('applies a save on A to B at once: the frame, the upload limits and closed registration', async () => {
    const onB = await connect(b.wsUrl, user.accessToken);
    expect((await upload(b.url, user.accessToken, Buffer.alloc(5000, 'a'), 'before.txt')).status).toBe(201);
    const res = await api(a.url, 'PATCH', '/api/admin/settings', {
      token: admin.accessToken,
      body: { instanceName: 'Shared 共享', maxUploadBytes: 4096, allowedFileTypes: ['image/*'], registration: 'closed' },
    });
    expect(res.status).toBe(200);
    const view: PublicInstance = { name: 'Shared 共享', registration: 'closed', defaultLanguage: 'en', maxUploadBytes: 4096, allowedFileTypes: ['image/*'] };
    // B sends the frame once it has reloaded: everything below is already in force there.
    expect(await onB.next('instance.updated')).toEqual({ type: 'instance.updated', instance: view });
    expect(await api(b.url, 'GET', '/api/instance')).toEqual({ status: 200, body: view });
    expect(await upload(b.url, user.accessToken, Buffer.alloc(5000, 'a'), 'after.txt')).toEqual({ status: 413, body: errorBody('payload_too_large') });
    expect(await upload(b.url, user.accessToken, textBytes(), 'note.txt')).toEqual({ status: 415, body: errorBody('unsupported_media_type') });
    expect((await upload(b.url, user.accessToken, await png(4, 4), 'ok.png')).status).toBe(201);
    const refused = await api(b.url, 'POST', '/api/auth/register', { body: { username: 'latecomer', password: 'correct horse battery' } });
    expect(refused).toEqual({ status: 403, body: errorBody('registration_closed') });
    await onB.close();
    expect(onB.frames.filter((f) => f.type === 'instance.updated')).toHaveLength(1);
  });

  it('lists both instances on the dashboard of either, with the sockets each holds', async () => {
    const onA = await connect(a.wsUrl, admin.accessToken);
    const onB1 = await connect(b.wsUrl, user.accessToken);
    const onB2 = await connect(b.wsUrl, user.accessToken);
    // Peers are seen as of their last heartbeat (every third of the 2 s TTL).
    const deadline = Date.now() + 5000;
    let stats: AdminStats | undefined;
    for (;;) {
      stats = (await api<AdminStats>(a.url, 'GET', '/api/admin/stats', { token: admin.accessToken })).body;
      if (stats.instances.length === 2 && stats.instances.map((i) => i.sockets).sort().join() === '1,2') break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stats.instances.map((i) => [i.sockets, i.onlineUsers]).sort()).toEqual([[1, 1], [2, 1]]);
    expect(stats.onlineUsers).toBe(2);
    await Promise.all([onA.close(), onB1.close(), onB2.close()]);
  });
});
