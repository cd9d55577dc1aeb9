import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import type { Bus } from '../bus/types.js';
import { Hub } from './hub.js';
import type { EncodedFrame } from './frames.js';

/** A MemoryBus that counts live user subscriptions, to see the hub share one per user. */
function countingBus(): { bus: Bus; live: () => number; liveDirectory: () => number } {
  const inner = new MemoryBus(() => undefined);
  let live = 0;
  let liveDirectory = 0;
  const bus: Bus = {
    publish: (roomId, e) => inner.publish(roomId, e),
    subscribe: (roomId, h) => inner.subscribe(roomId, h),
    publishToUser: (userId, e) => inner.publishToUser(userId, e),
    subscribeUser: (userId, h) => {
      live++;
      const off = inner.subscribeUser(userId, h);
      return () => {
        live--;
        off();
      };
    },
    publishToDirectory: (e) => inner.publishToDirectory(e),
    subscribeDirectory: (h) => {
      liveDirectory++;
      const off = inner.subscribeDirectory(h);
      return () => {
        liveDirectory--;
        off();
      };
    },
    publishToInstances: (e) => inner.publishToInstances(e),
    subscribeInstances: (h) => inner.subscribeInstances(h),
    close: () => inner.close(),
  };
  return { bus, live: () => live, liveDirectory: () => liveDirectory };
}

describe('Hub user channels', () => {
  it('shares one bus subscription per user and hands every socket the same serialized frame', () => {
    const { bus, live } = countingBus();
    const hub = new Hub(bus);
    const frames: EncodedFrame[] = [];
    const detachA = hub.attachUser('u1', (_e, f) => f && frames.push(f));
    const detachB = hub.attachUser('u1', (_e, f) => f && frames.push(f));
    expect([live(), hub.userCount]).toEqual([1, 1]);
    const state = { roomId: '00000000-0000-4000-8000-000000000001', lastReadSeq: 4, unreadCount: 2, mentionCount: 1, muted: true };
    bus.publishToUser('u1', { kind: 'membership', state });
    expect(frames).toHaveLength(2);
    expect(frames[0]).toBe(frames[1]);
    expect(frames[0]!.type).toBe('membership.updated');
    expect(JSON.parse(frames[0]!.bytes.toString())).toEqual({ type: 'membership.updated', ...state });
    detachA();
    expect(live()).toBe(1);
    detachB();
    expect([live(), hub.userCount]).toEqual([0, 0]);
  });
});

describe('Hub session revocations', () => {
  it('hands a revocation to every socket of the user without a frame for the client', () => {
    const { bus } = countingBus();
    const hub = new Hub(bus);
    const got: unknown[] = [];
    const detach = hub.attachUser('u1', (event, frame) => got.push({ event, frame }));
    bus.publishToUser('u1', { kind: 'sessions-revoked', sessionIds: ['s1', 's2'] });
    expect(got).toEqual([{ event: { kind: 'sessions-revoked', sessionIds: ['s1', 's2'] }, frame: undefined }]);
    detach();
  });
});

describe('Hub directory channel', () => {
  it('shares one bus subscription for all sockets and drops it after the last one leaves', () => {
    const { bus, liveDirectory } = countingBus();
    const hub = new Hub(bus);
    const frames: EncodedFrame[] = [];
    const detachA = hub.attachDirectory((_e, f) => frames.push(f));
    const detachB = hub.attachDirectory((_e, f) => frames.push(f));
    expect(liveDirectory()).toBe(1);
    const roomId = '00000000-0000-4000-8000-000000000002';
    bus.publishToDirectory({ kind: 'public-room', roomId, change: 'created' });
    expect(frames).toHaveLength(2);
    expect(frames[0]).toBe(frames[1]);
    expect(JSON.parse(frames[0]!.bytes.toString())).toEqual({ type: 'directory.changed', roomId, change: 'created' });
    detachA();
    expect(liveDirectory()).toBe(1);
    detachB();
    expect(liveDirectory()).toBe(0);
  });
});
