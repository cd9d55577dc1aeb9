import { randomUUID } from 'node:crypto';
import type { Message, MessageEditEntry, SystemEvent, UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { ReadState, Store } from '../storage/types.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError, roomNotFound } from './errors.js';
import { resolveMentions, withMentionMeta } from './mentions.js';
import { checkEditBody, getTarget, isUserMessage, messageNotFound, Unchanged, updateMessage } from './message-change-rules.js';
import { canModerate } from './permissions.js';
import { publishMembership } from './read-state.js';
import { getMemberRoom, requireRole } from './room-access.js';

export interface MessageChangeDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  audit: AuditLog;
  /** Whether a user has a live socket anywhere; an edit's `@here` names only them. */
  isOnline: (userId: string) => boolean;
  /** Deletes blobs a deleted message's attachments used, unless something else still uses them. */
  releaseBlobs: (sha256s: readonly string[]) => Promise<void>;
}

const notEditable = (what: string) => new DomainError('message_not_editable', `Only text, image and file messages that are not deleted can be ${what}`);

/**
 * Edits and deletions. Each is an `update` message (message.edited / message.deleted) appended in the
 * transaction that changes the message, so a client that was offline replays it on resume.
 */
export function createMessageChangeService({ store, bus, clock, audit, isOnline, releaseBlobs }: MessageChangeDeps) {
  /** The caller as a member with their current profile, their role, and the message (of this room). */
  async function actorAndTarget(userId: string, roomId: string, messageId: string) {
    const { role } = await getMemberRoom(store, roomId, userId);
    const member = await store.members.findSender(roomId, userId);
    if (!member) throw new DomainError('not_room_member', 'You are not a member of this room');
    return { actor: member.user, role, target: await getTarget(store, roomId, messageId) };
  }

  /**
   * Appends the update first: the append takes the room's lock, so a concurrent deletion, kick or
   * edit is seen by `change`, which re-reads and may throw Unchanged (no event, seq rolled back).
   */
  async function record<T>(actor: UserRef, roomId: string, event: SystemEvent, change: (tx: Store) => Promise<T>) {
    try {
      return await store.transaction(async (tx) => {
        const appended = await tx.messages.append(updateMessage(roomId, actor, event, clock()));
        if (appended.status !== 'created') throw roomNotFound();
        const role = await tx.members.findRole(roomId, actor.id);
        if (!role) throw new DomainError('not_room_member', 'You are not a member of this room');
        return { message: appended.message, senderState: appended.senderState, result: await change(tx) };
      });
    } catch (err) {
      if (err instanceof Unchanged) return undefined;
      throw err;
    }
  }

  function publish(message: Message, senderState: ReadState | undefined, userId: string): void {
    bus.publish(message.roomId, { kind: 'message', message });
    // Like a send, a change counts as having read the room up to it; the user's other devices follow.
    if (senderState) publishMembership(bus, userId, message.roomId, senderState);
  }

  async function current(messageId: string): Promise<Message> {
    const message = await store.messageChanges.findMessage(messageId);
    if (!message) throw messageNotFound();
    return message;
  }

  return {
    /** Replaces the body of the caller's own message; the same body again changes nothing. */
    async edit(userId: string, roomId: string, messageId: string, body: string): Promise<Message> {
      const { actor, role, target } = await actorAndTarget(userId, roomId, messageId);
      if (!isUserMessage(target.kind)) throw notEditable('edited');
      if (target.senderId !== userId) throw new DomainError('forbidden', 'Only the sender can edit a message');
      if (target.deleted) throw notEditable('edited');
      checkEditBody(target.kind, body);
      if (target.body === body) return current(messageId);
      const at = clock();
      // Resolved before the transaction so the stored event carries them; the rows are replaced inside it.
      const mentions = await resolveMentions({ store, isOnline }, { roomId, senderId: userId, senderRole: role, body });
      const { mentions: ids, mentionsAll } = mentions.meta;
      const event: SystemEvent = {
        type: 'message.edited',
        messageId,
        body,
        editedAt: new Date(at).toISOString(),
        by: actor,
        ...(ids && { mentions: ids }),
        ...(mentionsAll && { mentionsAll }),
      };
      const done = await record(actor, roomId, event, async (tx) => {
        const now = await getTarget(tx, roomId, messageId);
        if (now.deleted) throw notEditable('edited');
        if (now.body === body) throw new Unchanged();
        await tx.mentions.replaceForMessage({ id: now.id, roomId, seq: now.seq, senderId: userId }, mentions.targets);
        await tx.messageChanges.recordEdit({ id: randomUUID(), messageId, roomId, previousBody: now.body, editorId: userId, at, deleted: false });
        await tx.messageChanges.setBody(messageId, body, at, withMentionMeta(now.meta, mentions.meta));
      });
      if (done) publish(done.message, done.senderState, userId);
      return current(messageId);
    },

    /**
     * Tombstones a message: its sender, or an owner or admin of the room. Deleting a deleted message
     * is a success with no new event.
     */
    async remove(userId: string, roomId: string, messageId: string): Promise<void> {
      const { actor, role, target } = await actorAndTarget(userId, roomId, messageId);
      if (!isUserMessage(target.kind)) throw notEditable('deleted');
      const own = target.senderId === userId;
      requireRole(own || canModerate(role), "delete other people's messages");
      if (target.deleted) return;
      const at = clock();
      const done = await record(actor, roomId, { type: 'message.deleted', messageId, deletedAt: new Date(at).toISOString(), by: actor }, async (tx) => {
        const now = await getTarget(tx, roomId, messageId);
        const { changed, blobHashes } = await tx.messageChanges.markDeleted(messageId, at);
        if (!changed) throw new Unchanged();
        await tx.messageChanges.recordEdit({ id: randomUUID(), messageId, roomId, previousBody: now.body, editorId: userId, at, deleted: true });
        return blobHashes;
      });
      if (!done) return;
      publish(done.message, done.senderState, userId);
      await releaseBlobs(done.result);
      if (!own) {
        await audit.record({ action: 'message.deleted_by_moderator', actorId: userId, roomId, targetUserId: target.senderId, details: { messageId } });
      }
    },

    /** Earlier bodies of a message, oldest first (owners and admins: moderation). */
    async edits(userId: string, roomId: string, messageId: string): Promise<MessageEditEntry[]> {
      const { role } = await getMemberRoom(store, roomId, userId);
      requireRole(canModerate(role), 'see edit history');
      await getTarget(store, roomId, messageId);
      const edits = await store.messageChanges.listEdits(messageId);
      return edits.map((e) => ({ body: e.body, editedAt: new Date(e.editedAt).toISOString(), editor: e.editor, deleted: e.deleted }));
    },
  };
}

export type MessageChangeService = ReturnType<typeof createMessageChangeService>;
