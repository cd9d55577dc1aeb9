import { randomUUID } from 'node:crypto';
import type { Message, Reaction, SystemEvent, UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { ReadState, Store } from '../storage/types.js';
import type { Clock } from './clock.js';
import { DomainError, roomNotFound } from './errors.js';
import { publishMembership } from './read-state.js';

export interface ReactionDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
}

/** Different emoji one message may carry; more would make a wall of chips nobody reads. */
export const MAX_EMOJI_PER_MESSAGE = 20;
/** Emoji offered by the small picker. */
export const FREQUENT_COUNT = 8;
const FREQUENT_WINDOW_MS = 90 * 86_400_000;
/** The picker's choices for someone who has not reacted lately, and its filler for who has a few. */
export const DEFAULT_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'];

/** Thrown inside the transaction when a concurrent request already made the change: roll back the seq. */
class Unchanged extends Error {}

const notReactable = () => new DomainError('message_not_reactable', 'Only text, image and file messages that are not deleted take reactions');
const messageNotFound = () => new DomainError('message_not_found', 'No such message in this room');

/**
 * Emoji reactions. Each change is an `update` message (reaction.added / reaction.removed) appended
 * in the transaction that changes message_reactions, so a client that was offline replays it.
 */
export function createReactionService({ store, bus, clock }: ReactionDeps) {
  /** The caller as a member of the room, with their current profile; the refusal send() gives otherwise. */
  async function reactor(roomId: string, userId: string): Promise<UserRef> {
    const member = await store.members.findSender(roomId, userId);
    if (member) return member.user;
    const room = await store.rooms.findById(roomId);
    if (room && room.deletedAt === null && room.visibility === 'public') {
      throw new DomainError('not_room_member', 'Join the room before reacting');
    }
    throw roomNotFound();
  }

  /** Refuses a message of another room (as unknown), a deleted room's, or one that takes no reactions. */
  async function checkTarget(s: Store, roomId: string, messageId: string): Promise<void> {
    const target = await s.reactions.findTarget(messageId);
    if (!target || target.roomId !== roomId) throw messageNotFound();
    if (target.roomDeleted) throw roomNotFound();
    if (target.kind === 'system' || target.kind === 'update' || target.deleted) throw notReactable();
  }

  async function reactionsOf(messageId: string): Promise<Reaction[]> {
    return (await store.reactions.listFor([messageId])).get(messageId) ?? [];
  }

  /**
   * Appends the update, then changes the row; the append takes the room's lock first, so a concurrent
   * deletion, kick or 21st emoji is seen here. `change` returning false (someone else's request made
   * the same change a moment ago) rolls the seq back: no event. Publishes after commit.
   */
  async function changeAndRecord(user: UserRef, roomId: string, messageId: string, event: SystemEvent, change: (s: Store) => Promise<boolean>): Promise<boolean> {
    try {
      const appended = await store.transaction(async (tx) => {
        const result = await tx.messages.append(updateMessage(roomId, user, event, clock()));
        if (result.status !== 'created') throw roomNotFound();
        if (!(await tx.members.findRole(roomId, user.id))) throw new DomainError('not_room_member', 'You are not a member of this room');
        await checkTarget(tx, roomId, messageId);
        if (!(await change(tx))) throw new Unchanged();
        return result;
      });
      publish(appended.message, appended.senderState, user.id);
      return true;
    } catch (err) {
      if (err instanceof Unchanged) return false;
      throw err;
    }
  }

  function publish(message: Message, senderState: ReadState | undefined, userId: string): void {
    bus.publish(message.roomId, { kind: 'message', message });
    // Like a send, a change counts as having read the room up to it; the user's other devices follow.
    if (senderState) publishMembership(bus, userId, message.roomId, senderState);
  }

  return {
    /** Adds the caller's reaction; already there is a success with no new event. Returns the message's reactions. */
    async add(userId: string, roomId: string, messageId: string, emoji: string): Promise<Reaction[]> {
      const user = await reactor(roomId, userId);
      await checkTarget(store, roomId, messageId);
      if (await store.reactions.has(messageId, emoji, userId)) return reactionsOf(messageId);
      const event: SystemEvent = { type: 'reaction.added', messageId, emoji, user };
      await changeAndRecord(user, roomId, messageId, event, async (tx) => {
        const added = await tx.reactions.add({ messageId, roomId, emoji, userId, at: clock() });
        if (added && (await tx.reactions.countEmojis(messageId)) > MAX_EMOJI_PER_MESSAGE) {
          throw new DomainError('reaction_limit', `A message takes at most ${MAX_EMOJI_PER_MESSAGE} different emoji; react with one already there`);
        }
        return added;
      });
      return reactionsOf(messageId);
    },

    /** Removes the caller's reaction; undefined when there was none (no event). */
    async remove(userId: string, roomId: string, messageId: string, emoji: string): Promise<Reaction[] | undefined> {
      const user = await reactor(roomId, userId);
      await checkTarget(store, roomId, messageId);
      if (!(await store.reactions.has(messageId, emoji, userId))) return undefined;
      const event: SystemEvent = { type: 'reaction.removed', messageId, emoji, user };
      const removed = await changeAndRecord(user, roomId, messageId, event, (tx) => tx.reactions.remove(messageId, emoji, userId));
      return removed ? reactionsOf(messageId) : undefined;
    },

    /** The caller's most used emoji of the last 90 days, filled up with the defaults to FREQUENT_COUNT. */
    async frequent(userId: string): Promise<string[]> {
      const used = await store.reactions.frequent(userId, clock() - FREQUENT_WINDOW_MS, FREQUENT_COUNT);
      const fill = DEFAULT_REACTIONS.filter((e) => !used.includes(e));
      return [...used, ...fill].slice(0, FREQUENT_COUNT);
    },
  };
}

/** A reaction change as a stored message: no body, the reactor as sender, never counted as unread. */
function updateMessage(roomId: string, user: UserRef, event: SystemEvent, at: number) {
  return { id: randomUUID(), roomId, kind: 'update' as const, body: '', event, sender: user, clientMsgId: null, createdAt: at, attachments: [] };
}

export type ReactionService = ReturnType<typeof createReactionService>;
