import { Redis } from 'ioredis';
import { readInstanceHeartbeats, redisNow } from '../../bus/instance-heartbeats.js';
import { failureReason, redactUrl } from '../context.js';
import { measureSkew, skewResult } from './clock.js';
import { fail, ok, type CheckResult, type DoctorCheck } from './types.js';

/** A client that fails at once instead of retrying, so an unreachable Redis is an answer, not a wait. */
function quickClient(url: string): { redis: Redis; lastError: () => unknown } {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2500, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // The failed connect only says "Connection is closed."; the socket's own error (ECONNREFUSED,
  // ENOTFOUND, a TLS failure) arrives here and is what the report names.
  let last: unknown;
  redis.on('error', (err: unknown) => {
    last = err;
  });
  return { redis, lastError: () => last };
}

/** The version Redis reports in INFO, e.g. `7.2.4`. */
async function redisVersion(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return /^redis_version:(\S+)/m.exec(info)?.[1] ?? 'unknown';
}

/**
 * With Redis configured: it answers PING, its clock (TIME) against ours, and each running
 * instance's clock against Redis's, from the heartbeats every instance writes (bus/instance-heartbeats.ts).
 */
export const redisCheck: DoctorCheck = {
  name: 'redis',
  async run({ config, now }) {
    if (!config.redisUrl) return [ok('redis', 'not configured: a single instance with the in-process bus')];
    const display = redactUrl(config.redisUrl);
    const { redis, lastError } = quickClient(config.redisUrl);
    try {
      try {
        await redis.connect();
        await redis.ping();
      } catch (err) {
        const fix = 'check that Redis runs and accepts connections from this host, and redisUrl / PARLEY_REDIS_URL (password, TLS with rediss://)';
        return [fail('redis', `cannot reach Redis at ${display}: ${failureReason(lastError() ?? err)}`, fix)];
      }
      const results: CheckResult[] = [ok('redis', `Redis ${await redisVersion(redis)} at ${display} answers PING`)];
      results.push(skewResult('redis clock', 'Redis', 'this host', await measureSkew(() => redisNow(redis), now)));
      const instances = await readInstanceHeartbeats(redis, config.redisKeyPrefix);
      if (instances.length === 0) results.push(ok('instance clocks', `no running instance reports to this Redis (key prefix ${config.redisKeyPrefix})`));
      for (const instance of instances) {
        const name = `instance ${instance.id.slice(0, 8)} (${instance.sockets} sockets)`;
        results.push(skewResult('instance clocks', name, 'Redis', instance.clock - instance.lastSeenAt));
      }
      return results;
    } finally {
      redis.disconnect();
    }
  },
};
