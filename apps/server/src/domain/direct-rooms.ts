import { randomUUID } from 'node:crypto';
import type { Room, UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { Store } from '../storage/types.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { appendSystemMessage } from './messages.js';
import type { PresenceService } from './presence.js';
import { publishMembership } from './read-state.js';
import type { RoomService } from './rooms.js';

export interface DirectRoomDeps {
  store: Store;
  bus: Bus;
  presence: PresenceService;
  clock: Clock;
  rooms: Pick<RoomService, 'getRoom'>;
}

/** What finds a conversation by its people: every member id, sorted, joined by ','. */
export function directKey(memberIds: readonly string[]): string {
  return [...memberIds].sort().join(',');
}

/** A conversation as the caller sees it, and whether this call started it. */
export interface DirectResult {
  room: Room;
  created: boolean;
}

/**
 * Direct messages: a private room of kind 'direct' whose people are fixed when it starts (the
 * caller and 1-7 others, every one a plain member). Starting one with the same people again finds
 * the one they have, so each set of people has at most one live conversation.
 */
export function createDirectRoomService({ store, bus, presence, clock, rooms }: DirectRoomDeps) {
  async function otherPeople(actor: UserRef, userIds: readonly string[]): Promise<void> {
    if (userIds.includes(actor.id)) throw new DomainError('invalid_request', 'userIds: name the other people only; you are added yourself');
    for (const id of userIds) {
      if (!(await store.users.findById(id))) throw new DomainError('user_not_found', 'No such user');
    }
  }

  /** Creates the room, its members and `room.created` in one transaction; undefined when another call won the key. */
  async function start(actor: UserRef, memberIds: readonly string[], key: string) {
    const id = randomUUID();
    const now = clock();
    const created = await store.transaction(async (tx) => {
      if (!(await tx.directRooms.create({ id, key, createdBy: actor.id, createdAt: now }))) return undefined;
      for (const userId of memberIds) await tx.members.add(id, userId, 'member', now);
      const message = await appendSystemMessage(tx, id, { type: 'room.created', by: actor }, now);
      // Nothing before the first message is unread for anyone; the append holds the room's lock.
      for (const userId of memberIds) await tx.members.advanceReadMarker(id, userId, message.seq);
      return message;
    });
    if (!created) return undefined;
    bus.publish(id, { kind: 'message', message: created });
    for (const userId of memberIds) {
      // The other people's clients learn of the conversation from this, as after a join elsewhere.
      publishMembership(bus, userId, id, { lastReadSeq: created.seq, unreadCount: 0, mentionCount: 0, muted: false });
      presence.memberAdded(id, userId);
    }
    return id;
  }

  return {
    /** The conversation of the caller and `userIds`: the existing one, else a new one. */
    async open(actor: UserRef, userIds: readonly string[]): Promise<DirectResult> {
      await otherPeople(actor, userIds);
      const memberIds = [actor.id, ...userIds];
      const key = directKey(memberIds);
      const existing = await store.directRooms.findIdByKey(key);
      if (existing) return { room: await rooms.getRoom(actor.id, existing), created: false };
      const id = await start(actor, memberIds, key);
      if (id) return { room: await rooms.getRoom(actor.id, id), created: true };
      // Someone started the same conversation at the same moment and committed first.
      const winner = await store.directRooms.findIdByKey(key);
      if (!winner) throw new Error('direct room key conflict without a room holding the key');
      return { room: await rooms.getRoom(actor.id, winner), created: false };
    },
  };
}

export type DirectRoomService = ReturnType<typeof createDirectRoomService>;
