import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { readInstanceHeartbeats, redisNow, removeHeartbeat, writeHeartbeat } from './instance-heartbeats.js';
import type { InstanceHeartbeat, Presence, PresenceChange, RoomChange } from './types.js';

export interface RedisPresenceOptions {
  url: string;
  keyPrefix: string;
  /** An instance whose heartbeat is this old is dead: its users go offline. It is refreshed every third of it. */
  ttlSeconds: number;
  onRedisError: (err: unknown) => void;
  instanceId?: string;
  /** Whether the bus can publish; a re-announcement waits for it, since the bus reconnects on its own. */
  busReady?: () => boolean;
}

/** On the presence channel, sent by `o`: instance `i` gained (`on`) or lost user `u`, or a membership change `r`. */
type Note = { o: string; i: string; u: string; on: boolean } | { o: string; r: RoomChange };

/**
 * Presence across instances (ADR 0004). Each instance keeps, in Redis, a hash of its users' socket counts
 * (`presence:<instance>`), a heartbeat key with a TTL (`presence-alive:<instance>`) and its id in the set
 * `presence-instances`; changes go out on the `presence` channel. Every instance mirrors which instances
 * hold each user, so isOnline() stays synchronous. Any instance sweeps dead ones: the one whose SREM
 * succeeds drops the dead hash and announces those users (announce: true), exactly once.
 */
export class RedisPresence implements Presence {
  readonly instanceId: string;
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private readonly local = new Map<string, number>();
  private readonly holders = new Map<string, Set<string>>();
  private readonly listeners: Array<(change: PresenceChange) => void> = [];
  private readonly ttlMs: number;
  private readonly prefix: string;
  private readonly onRedisError: (err: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private leaving = false;
  private readonly busReady: () => boolean;
  private readonly startedAt = Date.now();

  constructor({ url, keyPrefix, ttlSeconds, onRedisError, instanceId = randomUUID(), busReady = () => true }: RedisPresenceOptions) {
    this.instanceId = instanceId;
    this.busReady = busReady;
    this.prefix = keyPrefix;
    this.ttlMs = ttlSeconds * 1000;
    this.onRedisError = onRedisError;
    this.cmd = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: `parley-presence-${instanceId}` });
    this.sub = new Redis(url, { maxRetriesPerRequest: null, connectionName: `parley-presence-sub-${instanceId}` });
    this.cmd.on('error', onRedisError);
    this.sub.on('error', onRedisError);
    this.sub.on('message', (_channel: string, payload: string) => this.receive(payload));
    // After any reconnect, notes may have been missed: rebuild the mirror from Redis.
    this.cmd.on('ready', () => void this.beat().then(() => this.resync()).catch(onRedisError));
  }

  /** Subscribes, registers and loads who is online elsewhere; then beats every third of the TTL. */
  async start(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const up = () => this.cmd.status === 'ready' && this.sub.status === 'ready';
    while (!up() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Queued until connected when Redis is down; autoResubscribe keeps it across reconnects.
    const subscribed = this.sub.subscribe(this.key('presence')).catch(this.onRedisError);
    if (this.sub.status === 'ready') await subscribed;
    if (this.cmd.status === 'ready') await this.resync().catch(this.onRedisError);
    this.timer = setInterval(() => void this.beat().catch(this.onRedisError), Math.max(200, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  onRemoteChange(listener: (change: PresenceChange) => void): void {
    this.listeners.push(listener);
  }

  shareRoomChange(change: RoomChange): void {
    if (this.cmd.status !== 'ready') return; // the mirror is rebuilt on reconnect; rooms catch up as users reconnect
    const note: Note = { o: this.instanceId, r: change };
    this.cmd.publish(this.key('presence'), JSON.stringify(note)).catch(this.onRedisError);
  }

  async connect(userId: string): Promise<boolean> {
    const n = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, n);
    if (n > 1) return false;
    const wasOnline = this.isOnline(userId);
    this.hold(userId, this.instanceId);
    await this.write(userId, true);
    return !wasOnline;
  }

  beginShutdown(): void {
    this.leaving = true;
  }

  async disconnect(userId: string): Promise<boolean> {
    if (this.leaving) return false; // our hash stays as it is until a peer sweeps this instance
    const n = (this.local.get(userId) ?? 0) - 1;
    if (n > 0) {
      this.local.set(userId, n);
      return false;
    }
    if (!this.local.delete(userId)) return false;
    this.release(userId, this.instanceId);
    await this.write(userId, false);
    return !this.isOnline(userId);
  }

  isOnline(userId: string): boolean {
    return (this.holders.get(userId)?.size ?? 0) > 0;
  }

  onlineCount(): number {
    return this.holders.size;
  }

  /** Peers as of their last heartbeat; this instance with its counts as of now. */
  async instances(): Promise<InstanceHeartbeat[]> {
    const peers = this.cmd.status === 'ready' ? await readInstanceHeartbeats(this.cmd, this.prefix) : [];
    const own = peers.find((h) => h.id === this.instanceId);
    const now = Date.now();
    const fresh = { ...this.heartbeat(own?.lastSeenAt ?? now), clock: own?.clock ?? now };
    return [...peers.filter((h) => h !== own), fresh].sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  }

  private heartbeat(lastSeenAt: number): InstanceHeartbeat {
    let sockets = 0;
    for (const n of this.local.values()) sockets += n;
    return { id: this.instanceId, sockets, onlineUsers: this.local.size, startedAt: this.startedAt, lastSeenAt, clock: Date.now() };
  }

  /**
   * Leaves by letting the heartbeat lapse at once: a peer's next sweep announces our users offline,
   * unless they have reconnected elsewhere by then, so a rolling restart causes no offline flicker.
   */
  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.cmd.status === 'ready') {
      await this.cmd.del(this.key(`presence-alive:${this.instanceId}`)).catch(this.onRedisError);
      await removeHeartbeat(this.cmd, this.prefix, this.instanceId).catch(this.onRedisError);
    }
    await Promise.all([quit(this.cmd), quit(this.sub)]);
  }

  /** Stops beating and drops both connections without clean-up, as a crash would (failure drills, tests). */
  halt(): void {
    clearInterval(this.timer);
    this.cmd.disconnect();
    this.sub.disconnect();
  }

  private key(name: string): string {
    return this.prefix + name;
  }

  private async write(userId: string, online: boolean): Promise<void> {
    if (this.cmd.status !== 'ready') return; // re-registered in full by the next beat after reconnect
    const hash = this.key(`presence:${this.instanceId}`);
    const note: Note = { o: this.instanceId, i: this.instanceId, u: userId, on: online };
    const multi = this.cmd.multi();
    if (online) multi.hset(hash, userId, '1');
    else multi.hdel(hash, userId);
    await multi.publish(this.key('presence'), JSON.stringify(note)).exec().catch(this.onRedisError);
  }

  /** Refreshes our heartbeat, re-registers if we were swept (Redis lost for longer than the TTL), sweeps the dead. */
  private async beat(): Promise<void> {
    // Redis's clock beside ours in the heartbeat: their difference is our skew (instance-heartbeats.ts).
    const heartbeat = this.heartbeat(await redisNow(this.cmd));
    const multi = this.cmd
      .multi()
      .sadd(this.key('presence-instances'), this.instanceId)
      .set(this.key(`presence-alive:${this.instanceId}`), '1', 'PX', this.ttlMs);
    const [[, added] = []] = (await writeHeartbeat(multi, this.prefix, heartbeat).exec()) ?? [];
    if (added === 1 && this.local.size > 0) await this.reregister();
    await this.sweep();
  }

  /**
   * We were swept while cut off from Redis (or had sockets before Redis first answered): peers think our
   * users are offline. Write them back, tell the peers, and have this instance announce them online again.
   */
  private async reregister(): Promise<void> {
    const users = [...this.local.keys()];
    const multi = this.cmd.multi().hset(this.key(`presence:${this.instanceId}`), Object.fromEntries(users.map((u) => [u, '1'])));
    for (const u of users) multi.publish(this.key('presence'), JSON.stringify({ o: this.instanceId, i: this.instanceId, u, on: true } satisfies Note));
    await multi.exec();
    const deadline = Date.now() + this.ttlMs;
    while (!this.busReady() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const userId of users) this.emit({ kind: 'user', userId, online: true, announce: true, again: true });
  }

  private async sweep(): Promise<void> {
    const instances = await this.cmd.smembers(this.key('presence-instances'));
    for (const dead of instances) {
      if (dead === this.instanceId || (await this.cmd.exists(this.key(`presence-alive:${dead}`)))) continue;
      // Only the instance whose SREM removes it announces, so a dead instance is announced once.
      if ((await this.cmd.srem(this.key('presence-instances'), dead)) !== 1) continue;
      const hash = this.key(`presence:${dead}`);
      const users = await this.cmd.hkeys(hash);
      await this.cmd.del(hash);
      await removeHeartbeat(this.cmd, this.prefix, dead);
      for (const userId of users) {
        const note: Note = { o: this.instanceId, i: dead, u: userId, on: false };
        await this.cmd.publish(this.key('presence'), JSON.stringify(note));
        if (this.release(userId, dead)) this.emit({ kind: 'user', userId, online: false, announce: true });
      }
    }
  }

  /** Rebuilds the mirror from every registered instance's hash; differences reach listeners unannounced. */
  private async resync(): Promise<void> {
    const instances = await this.cmd.smembers(this.key('presence-instances'));
    const fresh = new Map<string, Set<string>>();
    for (const userId of this.local.keys()) fresh.set(userId, new Set([this.instanceId]));
    for (const instance of instances) {
      if (instance === this.instanceId) continue;
      for (const userId of await this.cmd.hkeys(this.key(`presence:${instance}`))) {
        let set = fresh.get(userId);
        if (!set) fresh.set(userId, (set = new Set()));
        set.add(instance);
      }
    }
    const before = new Set([...this.holders.keys()]);
    this.holders.clear();
    for (const [userId, set] of fresh) this.holders.set(userId, set);
    for (const userId of fresh.keys()) if (!before.has(userId)) this.emit({ kind: 'user', userId, online: true, announce: false });
    for (const userId of before) if (!fresh.has(userId)) this.emit({ kind: 'user', userId, online: false, announce: false });
  }

  private receive(payload: string): void {
    let note: Note;
    try {
      note = JSON.parse(payload) as Note;
    } catch (err) {
      this.onRedisError(err);
      return;
    }
    if (note.o === this.instanceId) return;
    if ('r' in note) this.emit(note.r);
    else if (note.on) {
      if (this.hold(note.u, note.i)) this.emit({ kind: 'user', userId: note.u, online: true, announce: false });
    } else if (this.release(note.u, note.i)) {
      this.emit({ kind: 'user', userId: note.u, online: false, announce: false });
    }
  }

  /** True when the user was offline everywhere before. */
  private hold(userId: string, instance: string): boolean {
    let set = this.holders.get(userId);
    if (!set) this.holders.set(userId, (set = new Set()));
    const was = set.size > 0;
    set.add(instance);
    return !was;
  }

  /** True when this took the user offline everywhere. */
  private release(userId: string, instance: string): boolean {
    const set = this.holders.get(userId);
    if (!set?.delete(instance)) return false;
    if (set.size > 0) return false;
    this.holders.delete(userId);
    return true;
  }

  private emit(change: PresenceChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.onRedisError(err);
      }
    }
  }
}

async function quit(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
