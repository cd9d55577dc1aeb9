import { afterEach, describe, expect, it } from 'vitest';
import { cliWorkspace } from './helpers/cli.js';
import { adminClient, deleteKeys, redisAvailable, REDIS_URL, uniquePrefix } from './helpers/redis.js';
import { startServer } from './helpers/start-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function lineOf(stdout: string, check: string, containing = ''): string {
  return stdout.split('\n').find((l) => new RegExp(`^[✓!✗] ${check}\\s`).test(l) && l.includes(containing)) ?? '';
}

describe.skipIf(!redisAvailable)('parley doctor with Redis', () => {
  it('checks Redis, its clock, and the clock of each running instance', async () => {
    const prefix = uniquePrefix();
    const server = await startServer({ redisUrl: REDIS_URL, redisKeyPrefix: prefix });
    cleanups.push(() => server.close());
    const redis = adminClient();
    cleanups.push(async () => {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    });
    const ws = cliWorkspace();
    cleanups.push(() => ws.remove());
    const { stdout } = await ws.run(['doctor'], { PARLEY_REDIS_URL: REDIS_URL, PARLEY_REDIS_KEY_PREFIX: prefix });
    expect(lineOf(stdout, 'redis')).toMatch(/^✓ redis\s+Redis \d+\.\d+\.\d+ at redis:\/\/.* answers PING$/);
    expect(lineOf(stdout, 'redis clock')).toMatch(/^✓ redis clock\s+Redis is \d+\.\d s (ahead of|behind) this host$/);
    expect(lineOf(stdout, 'instance clocks')).toMatch(/^✓ instance clocks\s+instance [0-9a-f]{8} \(0 sockets\) is \d+\.\d s (ahead of|behind) Redis$/);
  });

  it('fails an instance whose clock is more than 30 s off, naming it and how to fix it', async () => {
    const prefix = uniquePrefix();
    const redis = adminClient();
    cleanups.push(async () => {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    });
    const now = Date.now();
    const heartbeat = { id: 'abcdef12-skewed', sockets: 3, onlineUsers: 2, startedAt: now - 60_000, lastSeenAt: now, clock: now + 45_000 };
    await redis.hset(`${prefix}instance-heartbeats`, heartbeat.id, JSON.stringify(heartbeat));
    await redis.set(`${prefix}presence-alive:${heartbeat.id}`, '1', 'EX', 60);
    const ws = cliWorkspace();
    cleanups.push(() => ws.remove());
    const { code, stdout } = await ws.run(['doctor'], { PARLEY_REDIS_URL: REDIS_URL, PARLEY_REDIS_KEY_PREFIX: prefix });
    expect(code).toBe(3);
    const lines = stdout.split('\n');
    const at = lines.indexOf(lineOf(stdout, 'instance clocks', 'abcdef12'));
    expect(lines[at]).toMatch(/^✗ instance clocks\s+instance abcdef12 \(3 sockets\) is 45\.0 s ahead of Redis$/);
    expect(lines[at + 1]).toMatch(/^\s+fix: synchronise the clocks with NTP/);
  });

  it('names an unreachable Redis with the fix and exits 3', async () => {
    const ws = cliWorkspace();
    cleanups.push(() => ws.remove());
    const { code, stdout } = await ws.run(['doctor'], { PARLEY_REDIS_URL: 'redis://:s3cret@127.0.0.1:1' });
    expect(code).toBe(3);
    expect(lineOf(stdout, 'redis')).toMatch(/^✗ redis\s+cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(stdout).not.toContain('s3cret');
  });
});
