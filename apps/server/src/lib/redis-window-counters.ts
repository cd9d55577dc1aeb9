import { Redis } from 'ioredis';
import type { WindowCount, WindowCounters } from './window-counters.js';

// INCR each key; a new key (or one that lost its TTL) gets the window. One round trip for all keys.
const INCREMENT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if n == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  out[#out + 1] = n
  out[#out + 1] = ttl
end
return out`;

// DECR only a live key: a window that ended must not come back as -1.
const DECREMENT = `
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0`;

export interface RedisWindowCountersOptions {
  url: string;
  /** Prepended to every key (the deployment's redisKeyPrefix plus a namespace). */
  keyPrefix: string;
  /** A command that takes longer fails, so a hung Redis cannot hold requests. */
  commandTimeoutMs?: number;
  onRedisError: (err: unknown) => void;
}

/** Window counters in Redis, shared by every instance; its own connection. */
export class RedisWindowCounters implements WindowCounters {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor({ url, keyPrefix, commandTimeoutMs = 500, onRedisError }: RedisWindowCountersOptions) {
    this.prefix = keyPrefix;
    // No offline queue and no retries per command: while Redis is away a command fails at once, and
    // the caller falls back (FallbackWindowCounters) instead of waiting; ioredis keeps reconnecting.
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: commandTimeoutMs, lazyConnect: false });
    this.redis.on('error', onRedisError);
  }

  /** Resolves true once connected, false if that takes longer than timeoutMs (commands then fall back until it is). */
  async ready(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const done = (up: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(up);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.redis.once('ready', onReady);
    });
  }

  async increment(keys: readonly string[], windowMs: number): Promise<WindowCount[]> {
    const reply = (await this.redis.eval(INCREMENT, keys.length, ...keys.map((k) => this.prefix + k), Math.max(1, Math.round(windowMs)))) as number[];
    return keys.map((_, i) => ({ count: Number(reply[2 * i]), ttlMs: Number(reply[2 * i + 1]) }));
  }

  async decrement(key: string): Promise<void> {
    await this.redis.eval(DECREMENT, 1, this.prefix + key);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      // Not connected (Redis away at shutdown): nothing to say goodbye to.
      this.redis.disconnect();
    }
  }
}
