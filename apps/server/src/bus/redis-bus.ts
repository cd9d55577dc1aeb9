import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Channels } from './channels.js';
import type {
  Bus,
  BusChannel,
  DirectoryEvent,
  DirectoryEventHandler,
  InstanceEvent,
  InstanceEventHandler,
  RoomEvent,
  RoomEventHandler,
  UserEvent,
  UserEventHandler,
} from './types.js';

export interface RedisBusOptions {
  url: string;
  /** Prepended to every channel name, e.g. `parley:` gives `parley:room:<id>`. */
  keyPrefix: string;
  onHandlerError: (err: unknown, channel: BusChannel) => void;
  /** Connection trouble and unreadable payloads: logged, never thrown. */
  onRedisError: (err: unknown) => void;
  /** Identifies this instance's publishes, so it can skip its own echo; random when absent. */
  instanceId?: string;
}

/** What goes over Redis: the publishing instance and the event. */
interface Envelope {
  o: string;
  e: unknown;
}

/**
 * Bus over Redis pub/sub for several instances. A publish is delivered to this instance's handlers
 * at once, in process (as MemoryBus does, so local sockets are served even while Redis is down), and
 * relayed on one publisher connection to the other instances; the echo of our own publish is skipped.
 * The subscriber connection holds a Redis channel only while some local handler wants it.
 */
export class RedisBus implements Bus {
  readonly instanceId: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly rooms: Channels<RoomEvent>;
  private readonly users: Channels<UserEvent>;
  private readonly directory: Channels<DirectoryEvent>;
  private readonly instances: Channels<InstanceEvent>;
  private readonly prefix: string;
  private readonly onRedisError: (err: unknown) => void;

  constructor({ url, keyPrefix, onHandlerError, onRedisError, instanceId = randomUUID() }: RedisBusOptions) {
    this.instanceId = instanceId;
    this.prefix = keyPrefix;
    this.onRedisError = onRedisError;
    this.rooms = new Channels((err, roomId) => onHandlerError(err, { roomId }));
    this.users = new Channels((err, userId) => onHandlerError(err, { userId }));
    this.directory = new Channels((err) => onHandlerError(err, { directory: true }));
    this.instances = new Channels((err) => onHandlerError(err, { instances: true }));
    // Publishing while disconnected fails at once rather than queueing stale events; clients catch up by seq.
    this.pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: `parley-pub-${instanceId}` });
    // Subscriptions wait for the connection; autoResubscribe (the default) restores them after a reconnect.
    this.sub = new Redis(url, { autoResubscribe: true, maxRetriesPerRequest: null, connectionName: `parley-sub-${instanceId}` });
    this.pub.on('error', onRedisError);
    this.sub.on('error', onRedisError);
    this.sub.on('message', (channel: string, payload: string) => this.receive(channel, payload));
  }

  /** Resolves once both connections are up, or after timeoutMs; start-up goes on either way (see /readyz). */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isReady() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.isReady();
  }

  isReady(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  publish(roomId: string, event: RoomEvent): void {
    this.rooms.publish(roomId, event);
    this.relay(`room:${roomId}`, event);
  }

  subscribe(roomId: string, handler: RoomEventHandler): () => void {
    return this.track(this.rooms, roomId, `room:${roomId}`, handler);
  }

  publishToUser(userId: string, event: UserEvent): void {
    this.users.publish(userId, event);
    this.relay(`user:${userId}`, event);
  }

  subscribeUser(userId: string, handler: UserEventHandler): () => void {
    return this.track(this.users, userId, `user:${userId}`, handler);
  }

  publishToDirectory(event: DirectoryEvent): void {
    this.directory.publish('', event);
    this.relay('directory', event);
  }

  subscribeDirectory(handler: DirectoryEventHandler): () => void {
    return this.track(this.directory, '', 'directory', handler);
  }

  publishToInstances(event: InstanceEvent): void {
    this.instances.publish('', event);
    this.relay('instances', event);
  }

  subscribeInstances(handler: InstanceEventHandler): () => void {
    return this.track(this.instances, '', 'instances', handler);
  }

  async close(): Promise<void> {
    this.rooms.clear();
    this.users.clear();
    this.directory.clear();
    this.instances.clear();
    await Promise.all([quit(this.pub), quit(this.sub)]);
  }

  private relay(channel: string, event: unknown): void {
    const envelope: Envelope = { o: this.instanceId, e: event };
    this.pub.publish(this.prefix + channel, JSON.stringify(envelope)).catch(this.onRedisError);
  }

  /** Subscribes the Redis channel with the first local handler and unsubscribes it after the last. */
  private track<E>(channels: Channels<E>, key: string, channel: string, handler: (event: E) => void): () => void {
    const first = !channels.has(key);
    const end = channels.subscribe(key, handler);
    if (first) this.sub.subscribe(this.prefix + channel).catch(this.onRedisError);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      end();
      if (!channels.has(key)) this.sub.unsubscribe(this.prefix + channel).catch(this.onRedisError);
    };
  }

  private receive(fullChannel: string, payload: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch (err) {
      this.onRedisError(err);
      return;
    }
    if (envelope.o === this.instanceId) return; // already delivered in process
    const channel = fullChannel.slice(this.prefix.length);
    if (channel === 'directory') this.directory.publish('', envelope.e as DirectoryEvent);
    else if (channel === 'instances') this.instances.publish('', envelope.e as InstanceEvent);
    else if (channel.startsWith('room:')) this.rooms.publish(channel.slice(5), envelope.e as RoomEvent);
    else if (channel.startsWith('user:')) this.users.publish(channel.slice(5), envelope.e as UserEvent);
  }
}

/** QUIT when connected (pending replies still arrive); otherwise just drop the connection. */
async function quit(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
