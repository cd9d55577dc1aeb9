import { MAX_PINS_PER_ROOM, type Pin, type SystemEvent, type UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { Store } from '../storage/types.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { appendSystemMessage } from './messages.js';
import { getTarget, isUserMessage, Unchanged } from './message-change-rules.js';
import { canModerate } from './permissions.js';
import { getMemberRoom, getReadableRoom, requireRole } from './room-access.js';

export interface PinDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
}

const notPinnable = () => new DomainError('message_not_editable', 'Only text, image and file messages that are not deleted can be pinned');
const pinLimit = () => new DomainError('pin_limit', `A room keeps at most ${MAX_PINS_PER_ROOM} pinned messages; unpin one first`);

/**
 * Pinned messages. Pinning and unpinning are system messages (message.pinned / message.unpinned),
 * appended in the transaction that changes the pin, so everyone sees who did it and resumes replay it.
 */
export function createPinService({ store, bus, clock }: PinDeps) {
  async function moderator(userId: string, roomId: string, action: string) {
    const { role } = await getMemberRoom(store, roomId, userId);
    requireRole(canModerate(role), action);
    const member = await store.members.findSender(roomId, userId);
    if (!member) throw new DomainError('not_room_member', 'You are not a member of this room');
    return member.user;
  }

  /** Appends the system message first (taking the room's lock), then re-checks and changes the pin. */
  async function record(roomId: string, by: UserRef, event: SystemEvent, change: (tx: Store) => Promise<void>) {
    try {
      const message = await store.transaction(async (tx) => {
        const appended = await appendSystemMessage(tx, roomId, event, clock());
        // Demoted or removed since the first check: behind the room's lock this read is the one that counts.
        const role = await tx.members.findRole(roomId, by.id);
        if (!role) throw new DomainError('not_room_member', 'You are not a member of this room');
        requireRole(canModerate(role), 'pin messages');
        await change(tx);
        return appended;
      });
      bus.publish(roomId, { kind: 'message', message });
    } catch (err) {
      if (!(err instanceof Unchanged)) throw err;
    }
  }

  return {
    /** Pins a message; pinning a pinned message is a success with no new event. */
    async pin(userId: string, roomId: string, messageId: string): Promise<void> {
      const by = await moderator(userId, roomId, 'pin messages');
      const target = await getTarget(store, roomId, messageId);
      if (!isUserMessage(target.kind) || target.deleted) throw notPinnable();
      if (target.pinned) return;
      await record(roomId, by, { type: 'message.pinned', messageId, by }, async (tx) => {
        const now = await getTarget(tx, roomId, messageId);
        if (now.deleted) throw notPinnable();
        if (now.pinned) throw new Unchanged();
        if ((await tx.messageChanges.countPins(roomId)) >= MAX_PINS_PER_ROOM) throw pinLimit();
        if (!(await tx.messageChanges.pin(messageId, userId, clock()))) throw new Unchanged();
      });
    },

    /** Unpins a message; unpinning one that is not pinned is a success with no new event. */
    async unpin(userId: string, roomId: string, messageId: string): Promise<void> {
      const by = await moderator(userId, roomId, 'unpin messages');
      const target = await getTarget(store, roomId, messageId);
      if (!target.pinned) return;
      await record(roomId, by, { type: 'message.unpinned', messageId, by }, async (tx) => {
        if (!(await tx.messageChanges.unpin(messageId))) throw new Unchanged();
      });
    },

    /** The room's pinned messages, newest pin first; anyone who may read the room sees them. */
    async list(userId: string, roomId: string): Promise<Pin[]> {
      await getReadableRoom(store, roomId, userId);
      const pins = await store.messageChanges.listPins(roomId, MAX_PINS_PER_ROOM);
      return pins.map((p) => ({ message: p.message, pinnedAt: new Date(p.pinnedAt).toISOString(), pinnedBy: p.pinnedBy }));
    },
  };
}

export type PinService = ReturnType<typeof createPinService>;
