import type { ChainableCommander, Redis } from 'ioredis';
import type { InstanceHeartbeat } from './types.js';

// Each instance's heartbeat, for the admin dashboard and `parley doctor` (clock skew). Kept in one
// hash, `<prefix>instance-heartbeats`, field = instance id, refreshed with the presence heartbeat.
// A field counts only while that instance's `presence-alive:<id>` key (TTL presenceTtlSeconds)
// exists: expiry follows Redis's clock, never a server's, so a skewed server cannot look dead.

const HASH = 'instance-heartbeats';

const aliveKey = (prefix: string, id: string) => `${prefix}presence-alive:${id}`;

/** Adds the write of this instance's heartbeat to a MULTI. */
export function writeHeartbeat(multi: ChainableCommander, prefix: string, heartbeat: InstanceHeartbeat): ChainableCommander {
  return multi.hset(prefix + HASH, heartbeat.id, JSON.stringify(heartbeat));
}

/** Drops an instance's heartbeat (it left, or a peer swept it). */
export async function removeHeartbeat(redis: Redis, prefix: string, id: string): Promise<void> {
  await redis.hdel(prefix + HASH, id);
}

/** Redis TIME in epoch milliseconds: the one clock every instance shares. */
export async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

function parse(id: string, raw: string): InstanceHeartbeat | undefined {
  try {
    const v = JSON.parse(raw) as Partial<InstanceHeartbeat>;
    const numbers = [v.sockets, v.onlineUsers, v.startedAt, v.lastSeenAt, v.clock];
    if (v.id !== id || !numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
    return v as InstanceHeartbeat;
  } catch {
    return undefined;
  }
}

/**
 * The heartbeats of every live instance, oldest start first. Needs only a Redis connection, no
 * running server: `parley doctor` compares each `clock` with `lastSeenAt` to find clock skew.
 * Unreadable fields (another version, a hand edit) are skipped.
 */
export async function readInstanceHeartbeats(redis: Redis, prefix: string): Promise<InstanceHeartbeat[]> {
  const all = await redis.hgetall(prefix + HASH);
  const ids = Object.keys(all);
  if (ids.length === 0) return [];
  const alive = await Promise.all(ids.map((id) => redis.exists(aliveKey(prefix, id))));
  const live = ids.filter((_, i) => alive[i] === 1).map((id) => parse(id, all[id]!)); // id is a key of all
  return live.filter((h): h is InstanceHeartbeat => h !== undefined).sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
}
