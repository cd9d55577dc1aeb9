import type { MembershipState } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { ReadState, Store } from '../storage/types.js';
import { DomainError } from './errors.js';
import { getMemberRoom } from './room-access.js';

export interface ReadStateDeps {
  store: Store;
  bus: Bus;
}

/**
 * Tells every socket of the user, on every instance, where they stand in a room. Sent to all of
 * them, the socket that caused the change included: clients apply it idempotently, and one rule is
 * simpler to reason about than "everyone but the sender".
 */
export function publishMembership(bus: Bus, userId: string, roomId: string, state: ReadState): void {
  bus.publishToUser(userId, { kind: 'membership', state: { roomId, ...state } });
}

/** A member's read marker and per-room mute: kept server-side so they follow the user across devices. */
export function createReadStateService({ store, bus }: ReadStateDeps) {
  async function getState(roomId: string, userId: string): Promise<MembershipState> {
    const state = await store.members.findReadState(roomId, userId);
    // Left or was removed between the access check and this read.
    if (!state) throw new DomainError('not_room_member', 'You are not a member of this room');
    return { roomId, ...state };
  }

  return {
    /** Moves the marker forward to `seq`, clamped to the room's last seq; an older seq changes nothing. */
    async markRead(userId: string, roomId: string, seq: number): Promise<MembershipState> {
      const { room } = await getMemberRoom(store, roomId, userId);
      // lastSeq only grows, so clamping to the value just read can never overshoot the real one.
      const moved = await store.members.advanceReadMarker(roomId, userId, Math.min(seq, room.lastSeq));
      const state = await getState(roomId, userId);
      if (moved) publishMembership(bus, userId, roomId, state);
      return state;
    },

    /** Turns the caller's notifications for the room off or on. */
    async setMuted(userId: string, roomId: string, muted: boolean): Promise<MembershipState> {
      await getMemberRoom(store, roomId, userId);
      const changed = await store.members.setMuted(roomId, userId, muted);
      const state = await getState(roomId, userId);
      if (changed) publishMembership(bus, userId, roomId, state);
      return state;
    },
  };
}

export type ReadStateService = ReturnType<typeof createReadStateService>;
