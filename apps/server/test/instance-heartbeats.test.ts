import { afterAll, describe, expect, it } from 'vitest';
import { readInstanceHeartbeats } from '../src/bus/instance-heartbeats.js';
import { MemoryPresence } from '../src/bus/memory-presence.js';
import { RedisPresence } from '../src/bus/redis-presence.js';
import { adminClient, deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from './helpers/redis.js';

// Each instance's heartbeat (sockets, users, start, its clock beside Redis's): the dashboard's
// instance list and `parley doctor`'s clock-skew check read them.
describe('instance heartbeats on a single instance', () => {
  it('reports this instance alone, with its sockets and users as of now', async () => {
    let now = 1_700_000_000_000;
    const presence = new MemoryPresence(() => now);
    await presence.connect('ann');
    await presence.connect('ann');
    await presence.connect('bo');
    now += 5000;
    expect(await presence.instances()).toEqual([
      { id: presence.instanceId, sockets: 3, onlineUsers: 2, startedAt: 1_700_000_000_000, lastSeenAt: now, clock: now },
    ]);
    expect(presence.onlineCount()).toBe(2);
    await presence.close();
  });
});

describe.skipIf(!redisAvailable)('instance heartbeats in Redis', () => {
  const prefix = uniquePrefix();
  const admin = redisAvailable ? adminClient() : undefined;
  const opened: RedisPresence[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((p) => p.close()));
    await deleteKeys(admin!, prefix);
    await admin?.quit();
  });

  async function instance(): Promise<RedisPresence> {
    const presence = new RedisPresence({ url: REDIS_URL, keyPrefix: prefix, ttlSeconds: 2, onRedisError: () => undefined });
    opened.push(presence);
    await presence.start(3000);
    return presence;
  }

  async function eventually(check: () => Promise<void>, timeoutMs = 6000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  it('lists every live instance with its counts and clocks, readable without a server, and drops a dead one', async () => {
    const a = await instance();
    const b = await instance();
    await a.connect('ann');
    await b.connect('bo');
    await b.connect('bo');
    await eventually(async () => {
      const beats = await readInstanceHeartbeats(admin!, prefix);
      expect(beats.map((h) => [h.id, h.sockets, h.onlineUsers]).sort()).toEqual([[a.instanceId, 1, 1], [b.instanceId, 2, 1]].sort());
      for (const h of beats) {
        // Same host, so the instance's clock and Redis's agree to within a second.
        expect(Math.abs(h.clock - h.lastSeenAt)).toBeLessThan(1000);
        expect(h.startedAt).toBeLessThanOrEqual(h.clock);
      }
    });
    expect(a.onlineCount()).toBe(2);
    expect((await a.instances()).map((h) => h.id).sort()).toEqual([a.instanceId, b.instanceId].sort());
    b.halt(); // a crash: no clean-up, the heartbeat just stops
    await eventually(async () => expect((await readInstanceHeartbeats(admin!, prefix)).map((h) => h.id)).toEqual([a.instanceId]));
    expect((await a.instances()).map((h) => h.id)).toEqual([a.instanceId]);
  });

  it('skips a heartbeat it cannot read instead of failing', async () => {
    const c = await instance();
    await admin!.hset(`${prefix}instance-heartbeats`, 'garbage', 'not json');
    await admin!.set(`${prefix}presence-alive:garbage`, '1', 'PX', 5000);
    await eventually(async () => expect((await readInstanceHeartbeats(admin!, prefix)).map((h) => h.id)).toContain(c.instanceId));
    expect((await readInstanceHeartbeats(admin!, prefix)).map((h) => h.id)).not.toContain('garbage');
  });
});
