import { randomUUID } from 'node:crypto';
import type { Attachment, HistoryPage, HistoryQuery, Message, SystemEvent, UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { Store } from '../storage/types.js';
import type { Clock } from './clock.js';
import { DomainError, roomNotFound } from './errors.js';
import { loadAttachmentsForMessage } from './attachments.js';
import { resolveMentions } from './mentions.js';
import { publishMembership } from './read-state.js';
import { resolveReplyTarget } from './replies.js';
import { getReadableRoom } from './room-access.js';

/** What a client asks to post. */
export interface SendInput {
  roomId: string;
  clientMsgId: string;
  kind: 'text' | 'image' | 'file';
  body: string;
  attachmentIds: readonly string[];
  /** An earlier text, image or file message of the same room that this one answers. */
  replyToId?: string;
}

/** How a subscription begins: replay then go live, replay a deleted room's tail, or page history first. */
export type StreamPlan =
  | { kind: 'live' | 'deleted'; afterSeq: number; latestSeq: number }
  | { kind: 'resync'; afterSeq: number; latestSeq: number };

export interface MessageDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  /** Whether a user has a live socket anywhere; `@here` notifies only them. */
  isOnline: (userId: string) => boolean;
}

/** Plain-text rendering of a system event, for clients that do not render events themselves. */
export function describeEvent(e: SystemEvent): string {
  switch (e.type) {
    case 'room.created':
      return `${e.by.displayName} created the room`;
    case 'member.joined':
      return `${e.user.displayName} joined`;
    case 'member.left':
      return `${e.user.displayName} left`;
    case 'member.kicked':
      return `${e.user.displayName} was removed by ${e.by.displayName}`;
    case 'member.banned':
      return `${e.user.displayName} was banned by ${e.by.displayName}`;
    case 'member.role-changed':
      return `${e.user.displayName} is now ${e.role}`;
    case 'room.owner-transferred':
      return `${e.from.displayName} made ${e.to.displayName} the owner`;
    case 'room.updated':
      return `${e.by.displayName} updated the room`;
    case 'room.deleted':
      return `${e.by.displayName} deleted the room`;
    case 'message.pinned':
      return `${e.by.displayName} pinned a message`;
    case 'message.unpinned':
      return `${e.by.displayName} unpinned a message`;
    // Updates are applied to the message they name, never shown: no text, and nothing to search.
    case 'message.edited':
    case 'message.deleted':
    case 'reaction.added':
    case 'reaction.removed':
      return '';
  }
}

export function createMessageService({ store, bus, clock, isOnline }: MessageDeps) {
  return {
    /** Stores a message (idempotent on sender + clientMsgId) and fans it out once. */
    async send(sender: UserRef, input: SendInput) {
      // `sender` was read when the socket authenticated; post under the profile as it is now, so a
      // new avatar (whose old blobs are already deleted) or display name shows on live messages too.
      const member = await store.members.findSender(input.roomId, sender.id);
      if (!member) {
        const room = await store.rooms.findById(input.roomId);
        if (room && room.deletedAt === null && room.visibility === 'public') {
          throw new DomainError('not_room_member', 'Join the room before posting');
        }
        throw roomNotFound();
      }
      let attachments: Attachment[] = [];
      if (input.kind !== 'text') {
        // A resend after a lost ack finds its uploads already used: answer with the original first.
        const earlier = await store.messages.findByClientMsgId(sender.id, input.clientMsgId);
        if (earlier) return { message: earlier, duplicate: true };
        attachments = await loadAttachmentsForMessage(store, sender.id, input.kind, input.attachmentIds);
      }
      const { replyToId, clientMsgId } = input;
      const reply = replyToId === undefined ? undefined : await resolveReplyTarget(store, { roomId: input.roomId, replyToId, senderId: sender.id, clientMsgId });
      if (reply && 'earlier' in reply) return { message: reply.earlier, duplicate: true };
      const mentions = await resolveMentions({ store, isOnline }, { roomId: input.roomId, senderId: sender.id, senderRole: member.role, body: input.body });
      const result = await store.messages.append({
        id: randomUUID(),
        roomId: input.roomId,
        kind: input.kind,
        body: input.body,
        event: null,
        sender: member.user,
        clientMsgId: input.clientMsgId,
        createdAt: clock(),
        attachments,
        meta: reply ? { ...mentions.meta, replyToId } : mentions.meta,
        mentionTargets: mentions.targets,
      });
      if (result.status === 'room_gone') throw roomNotFound();
      if (result.status === 'attachments_unavailable') {
        throw new DomainError('attachment_not_found', 'An attachment was posted or removed meanwhile; upload it again');
      }
      // Live subscribers and the ack see the preview that history pages show (a resend's copy has it already).
      const message = result.status === 'created' && reply ? { ...result.message, replyTo: reply.preview } : result.message;
      if (result.status === 'created') {
        bus.publish(input.roomId, { kind: 'message', message });
        // The append moved the sender's read marker to their own message; their other devices follow.
        if (result.senderState) publishMembership(bus, sender.id, input.roomId, result.senderState);
      }
      return { message, duplicate: result.status === 'duplicate' };
    },

    /**
     * Where a socket's stream for a room starts. Members only; a deleted room still replays to its
     * former members up to its `room.deleted` message, then ends.
     */
    async planStream(userId: string, roomId: string, afterSeq: number | undefined, replayLimit: number): Promise<StreamPlan> {
      const room = await store.rooms.findById(roomId);
      const role = room && (await store.members.findRole(roomId, userId));
      if (!room || !role) {
        if (room && room.deletedAt === null && room.visibility === 'public') {
          throw new DomainError('not_room_member', 'Join the room before subscribing');
        }
        throw roomNotFound();
      }
      const latest = room.lastSeq;
      const start = Math.min(afterSeq ?? latest, latest);
      if (latest - start > replayLimit) return { kind: 'resync', afterSeq: start, latestSeq: latest };
      return { kind: room.deletedAt === null ? 'live' : 'deleted', afterSeq: start, latestSeq: latest };
    },

    /** A page of history by seq cursor; private rooms answer only to members. */
    async history(userId: string, roomId: string, query: HistoryQuery): Promise<HistoryPage> {
      const { room } = await getReadableRoom(store, roomId, userId);
      if (query.after !== undefined) {
        const rows = await store.messages.listAfter(roomId, query.after, query.limit + 1);
        return { messages: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
      }
      const before = query.before ?? room.lastSeq + 1;
      const rows = await store.messages.listBefore(roomId, before, query.limit + 1);
      return { messages: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
    },
  };
}

/**
 * Appends a system message inside the caller's unit of work. The caller publishes it after commit
 * (see publishMessage) so nobody hears of a change that then rolls back.
 */
export async function appendSystemMessage(store: Store, roomId: string, event: SystemEvent, at: number): Promise<Message> {
  const result = await store.messages.append({
    id: randomUUID(),
    roomId,
    kind: 'system',
    body: describeEvent(event),
    event,
    sender: null,
    clientMsgId: null,
    createdAt: at,
    attachments: [],
  });
  if (result.status !== 'created') throw roomNotFound();
  return result.message;
}

export type MessageService = ReturnType<typeof createMessageService>;
