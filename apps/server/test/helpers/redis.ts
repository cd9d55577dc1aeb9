import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** Where the Redis tests connect; .ci/run exports it, and this default matches a local setup. */
export const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function isReachable(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export const redisAvailable = await isReachable(REDIS_URL);
if (!redisAvailable) {
  if (process.env.CI === 'true') throw new Error(`Redis is required under CI=true but ${REDIS_URL} is unreachable`);
  process.stderr.write(`\n!!! Redis unreachable at ${REDIS_URL}: SKIPPING the Redis bus and presence tests !!!\n\n`);
}

/** A key prefix no other test run shares, so parallel runs never see each other's channels or keys. */
export function uniquePrefix(): string {
  return `parley-test-${randomBytes(6).toString('hex')}:`;
}

/** A plain client for assertions and clean-up; the caller quits it. */
export function adminClient(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
}

/** Deletes every key under the prefix. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Waits until a channel has at least `count` subscribers in Redis, so a publish cannot overtake the SUBSCRIBE. */
export async function waitForSubscribers(redis: Redis, channel: string, count: number, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = (await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
    if (Number(reply[1]) >= count) return;
    if (Date.now() > deadline) throw new Error(`${channel} has ${reply[1]} subscribers, wanted ${count}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
