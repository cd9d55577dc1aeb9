import type { MembershipState } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { MemoryBus } from './memory-bus.js';
import type { BusChannel, UserEvent } from './types.js';

const event = (roomId: string) =>
  ({
    kind: 'membership',
    state: { roomId, lastReadSeq: 3, unreadCount: 0, mentionCount: 0, muted: false } satisfies MembershipState,
  }) as const;

/** The room of a membership event (the only kind these tests publish). */
const roomOf = (e: UserEvent) => (e.kind === 'membership' ? e.state.roomId : e.kind);

describe('MemoryBus user channels', () => {
  it('delivers a user event only to that user’s handlers, in subscription order', () => {
    const bus = new MemoryBus(() => undefined);
    const got: string[] = [];
    bus.subscribeUser('u1', (e) => got.push(`a:${roomOf(e)}`));
    bus.subscribeUser('u1', (e) => got.push(`b:${roomOf(e)}`));
    bus.subscribeUser('u2', (e) => got.push(`other:${roomOf(e)}`));
    bus.subscribe('u1', () => got.push('room channel with the same key'));
    bus.publishToUser('u1', event('r1'));
    expect(got).toEqual(['a:r1', 'b:r1']);
  });

  it('stops delivering once unsubscribed', () => {
    const bus = new MemoryBus(() => undefined);
    const got: UserEvent[] = [];
    const off = bus.subscribeUser('u1', (e) => got.push(e));
    off();
    off(); // a second call is harmless
    bus.publishToUser('u1', event('r1'));
    expect(got).toEqual([]);
  });

  it('reports a failing handler with its user and still reaches the others', () => {
    const errors: Array<[unknown, BusChannel]> = [];
    const bus = new MemoryBus((err, channel) => errors.push([err, channel]));
    const got: string[] = [];
    bus.subscribeUser('u1', () => {
      throw new Error('boom');
    });
    bus.subscribeUser('u1', (e) => got.push(roomOf(e)));
    bus.publishToUser('u1', event('r1'));
    expect(got).toEqual(['r1']);
    expect(errors).toEqual([[new Error('boom'), { userId: 'u1' }]]);
  });
});
