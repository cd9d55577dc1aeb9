import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { MemoryBus } from '../src/bus/memory-bus.js';
import { RedisBus } from '../src/bus/redis-bus.js';
import type { Bus, BusChannel, RoomEvent } from '../src/bus/types.js';
import { adminClient, deleteKeys, REDIS_URL, redisAvailable, uniquePrefix, waitForSubscribers } from './helpers/redis.js';

/** A publisher and a subscriber side: the same MemoryBus, or two RedisBus instances standing for two servers. */
interface Pair {
  publisher: Bus;
  subscriber: Bus;
  /** Resolves once the subscriber side's subscription to `channel` (room:<id>, user:<id>, directory) is live. */
  live(channel: string, subscribers?: number): Promise<void>;
  errors: Array<{ err: unknown; channel: BusChannel }>;
}

interface Implementation {
  name: string;
  available: boolean;
  pair(): Promise<Pair>;
}

const prefix = uniquePrefix();
const admin = redisAvailable ? adminClient() : undefined;
const opened: Bus[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});
afterAll(async () => {
  if (!admin) return;
  await deleteKeys(admin, prefix);
  await admin.quit();
});

function redisBus(errors: Pair['errors']): RedisBus {
  const bus = new RedisBus({
    url: REDIS_URL,
    keyPrefix: prefix,
    onHandlerError: (err, channel) => errors.push({ err, channel }),
    onRedisError: () => undefined,
  });
  opened.push(bus);
  return bus;
}

const IMPLEMENTATIONS: Implementation[] = [
  {
    name: 'MemoryBus',
    available: true,
    async pair() {
      const errors: Pair['errors'] = [];
      const bus = new MemoryBus((err, channel) => errors.push({ err, channel }));
      opened.push(bus);
      return { publisher: bus, subscriber: bus, errors, live: async () => undefined };
    },
  },
  {
    name: 'RedisBus (two instances)',
    available: redisAvailable,
    async pair() {
      const errors: Pair['errors'] = [];
      const publisher = redisBus(errors);
      const subscriber = redisBus(errors);
      expect(await publisher.waitUntilReady(3000)).toBe(true);
      expect(await subscriber.waitUntilReady(3000)).toBe(true);
      return { publisher, subscriber, errors, live: (channel, n = 1) => waitForSubscribers(admin!, prefix + channel, n) };
    },
  },
];

async function eventually(check: () => unknown, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

const typing = (roomId: string, n: number): RoomEvent => ({ kind: 'typing', roomId, user: { id: `u${n}`, username: `user${n}`, displayName: null, avatarUrl: null } as never, typing: true });

for (const impl of IMPLEMENTATIONS) {
  describe.skipIf(!impl.available)(`bus contract: ${impl.name}`, () => {
    it('delivers a room event to that room only', async () => {
      const { publisher, subscriber, live } = await impl.pair();
      const a: RoomEvent[] = [];
      const b: RoomEvent[] = [];
      subscriber.subscribe('room-a', (e) => a.push(e));
      subscriber.subscribe('room-b', (e) => b.push(e));
      await live('room:room-a');
      await live('room:room-b');
      publisher.publish('room-a', typing('room-a', 1));
      await eventually(() => expect(a).toEqual([typing('room-a', 1)]));
      expect(b).toEqual([]);
    });

    it('carries a whole message, field for field', async () => {
      const { publisher, subscriber, live } = await impl.pair();
      const got: RoomEvent[] = [];
      subscriber.subscribe('r1', (e) => got.push(e));
      await live('room:r1');
      const message = { id: 'm1', roomId: 'r1', seq: 7, body: 'héllo 👋', createdAt: '2026-01-01T00:00:00.000Z', attachments: [] } as unknown as Message;
      publisher.publish('r1', { kind: 'message', message });
      await eventually(() => expect(got).toEqual([{ kind: 'message', message }]));
    });

    it('keeps the order of events on one channel', async () => {
      const { publisher, subscriber, live } = await impl.pair();
      const got: number[] = [];
      subscriber.subscribe('r', (e) => e.kind === 'typing' && got.push(Number(e.user.id.slice(1))));
      await live('room:r');
      const sent = Array.from({ length: 200 }, (_, i) => i);
      for (const n of sent) publisher.publish('r', typing('r', n));
      await eventually(() => expect(got).toEqual(sent));
    });

    it('delivers user events to that user only', async () => {
      const { publisher, subscriber, live } = await impl.pair();
      const alice: unknown[] = [];
      const bob: unknown[] = [];
      subscriber.subscribeUser('alice', (e) => alice.push(e));
      subscriber.subscribeUser('bob', (e) => bob.push(e));
      await live('user:alice');
      await live('user:bob');
      const event = { kind: 'membership' as const, state: { roomId: 'r', state: 'joined' } as never };
      publisher.publishToUser('alice', event);
      await eventually(() => expect(alice).toEqual([event]));
      expect(bob).toEqual([]);
    });

    it('delivers directory events to every directory subscriber', async () => {
      const { publisher, subscriber, live } = await impl.pair();
      const one: unknown[] = [];
      const two: unknown[] = [];
      subscriber.subscribeDirectory((e) => one.push(e));
      subscriber.subscribeDirectory((e) => two.push(e));
      await live('directory');
      const event = { kind: 'public-room' as const, roomId: 'r', change: 'created' as const };
      publisher.publishToDirectory(event);
      await eventually(() => expect([one, two]).toEqual([[event], [event]]));
    });

    it('delivers instance events to every instance subscriber, the publishing side included', async () => {
      const { publisher, subscriber, live } = await impl.pair();
      const here: unknown[] = [];
      const there: unknown[] = [];
      publisher.subscribeInstances((e) => here.push(e));
      subscriber.subscribeInstances((e) => there.push(e));
      await live('instances', subscriber === publisher ? 1 : 2);
      const event = { kind: 'settings-changed' as const, origin: 'instance-a' };
      publisher.publishToInstances(event);
      await eventually(() => expect([here, there]).toEqual([[event], [event]]));
    });

    it('stops delivering after unsubscribe, and only to the handler that left', async () => {
      const { publisher, subscriber, live } = await impl.pair();
      const kept: RoomEvent[] = [];
      const gone: RoomEvent[] = [];
      subscriber.subscribe('r', (e) => kept.push(e));
      const end = subscriber.subscribe('r', (e) => gone.push(e));
      await live('room:r');
      end();
      end(); // a second call is harmless
      publisher.publish('r', typing('r', 1));
      await eventually(() => expect(kept).toHaveLength(1));
      expect(gone).toEqual([]);
    });

    it('reports a throwing handler and still delivers to the others', async () => {
      const { publisher, subscriber, live, errors } = await impl.pair();
      const got: RoomEvent[] = [];
      subscriber.subscribe('r', () => {
        throw new Error('boom');
      });
      subscriber.subscribe('r', (e) => got.push(e));
      await live('room:r');
      publisher.publish('r', typing('r', 1));
      publisher.publish('r', typing('r', 2));
      await eventually(() => expect(got).toHaveLength(2));
      expect(errors.map((e) => [(e.err as Error).message, e.channel])).toEqual([
        ['boom', { roomId: 'r' }],
        ['boom', { roomId: 'r' }],
      ]);
    });

    it('delivers a publish to its own instance exactly once', async () => {
      const { publisher, live } = await impl.pair();
      const got: RoomEvent[] = [];
      publisher.subscribe('self', (e) => got.push(e));
      await live('room:self');
      publisher.publish('self', typing('self', 1));
      expect(got).toHaveLength(1); // in process, at once
      await new Promise((r) => setTimeout(r, 100)); // and no echo from Redis later
      expect(got).toHaveLength(1);
    });
  });
}

/** Drops one named connection from the Redis side, as a network failure would; others are untouched. */
async function killClient(name: string): Promise<void> {
  const list = (await admin!.call('CLIENT', 'LIST')) as string;
  const id = /id=(\d+) .*name=(\S+)/.exec(list.split('\n').find((l) => l.includes(`name=${name} `)) ?? '')?.[1];
  if (!id) throw new Error(`no Redis client named ${name}`);
  await admin!.call('CLIENT', 'KILL', 'ID', id);
}

describe.skipIf(!redisAvailable)('RedisBus and Redis', () => {
  it('holds a Redis channel only while a local handler wants it', async () => {
    const bus = redisBus([]);
    await bus.waitUntilReady(3000);
    const channel = `${prefix}room:held`;
    const end1 = bus.subscribe('held', () => undefined);
    const end2 = bus.subscribe('held', () => undefined);
    await waitForSubscribers(admin!, channel, 1);
    end1();
    await new Promise((r) => setTimeout(r, 50));
    expect((await admin!.call('PUBSUB', 'NUMSUB', channel)) as unknown[]).toEqual([channel, 1]);
    end2();
    await eventually(async () => expect(await admin!.call('PUBSUB', 'NUMSUB', channel)).toEqual([channel, 0]));
  });

  it('re-subscribes after its connection to Redis is killed, and says it is not ready meanwhile', async () => {
    const errors: Pair['errors'] = [];
    const publisher = redisBus(errors);
    const subscriber = redisBus(errors);
    await Promise.all([publisher.waitUntilReady(3000), subscriber.waitUntilReady(3000)]);
    const got: RoomEvent[] = [];
    subscriber.subscribe('r', (e) => got.push(e));
    await waitForSubscribers(admin!, `${prefix}room:r`, 1);
    await killClient(`parley-sub-${subscriber.instanceId}`);
    await eventually(() => expect(subscriber.isReady()).toBe(false), 1000);
    expect(await subscriber.waitUntilReady(5000)).toBe(true);
    await waitForSubscribers(admin!, `${prefix}room:r`, 1, 5000);
    publisher.publish('r', typing('r', 1));
    await eventually(() => expect(got).toHaveLength(1));
  });
});
