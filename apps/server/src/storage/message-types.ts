import type { Attachment, BotRef, Message, UserRef } from '@parley/protocol';
import type { ReadState } from './types.js';

// Message storage types: what a send writes, what an append answers, and the repositories behind them.

/** Facts fixed when a message is sent, stored as JSON in `messages.meta`. */
export interface MessageMeta {
  replyToId?: string;
  mentions?: string[];
  mentionsAll?: 'here' | 'all';
  bot?: BotRef;
}

export interface NewMessage {
  id: string;
  roomId: string;
  kind: Message['kind'];
  body: string;
  event: Message['event'];
  sender: UserRef | null;
  clientMsgId: string | null;
  createdAt: number;
  /** Uploaded, still unused attachments of the sender, linked to the message in the same transaction. */
  attachments: Attachment[];
  meta?: MessageMeta;
  /** Who gets a message_mentions row, written in the append transaction; absent or empty adds no query. */
  mentionTargets?: MentionTargets;
}

/** The members a message notifies: these ids, or every member; the sender and non-members never. */
export interface MentionTargets {
  everyone: boolean;
  userIds: readonly string[];
}

export interface MentionRepository {
  /** Of these usernames (compared case-insensitively), the ones of current room members: name as given → user id. */
  findMembersByUsername(roomId: string, usernames: readonly string[]): Promise<Map<string, string>>;
  /** Replaces a message's mention rows (an edit changed who it names); call inside the edit's transaction. */
  replaceForMessage(message: { id: string; roomId: string; seq: number; senderId: string | null }, targets: MentionTargets): Promise<void>;
}

/** Result of an idempotent append: the stored message, and whether it existed already. */
export type AppendResult =
  | { status: 'created'; message: Message; senderState?: ReadState }
  | { status: 'duplicate'; message: Message }
  | { status: 'room_gone' }
  | { status: 'attachments_unavailable' };


export interface MessageRepository {
  /**
   * Assigns the next seq of the room inside one transaction; idempotent on (sender, clientMsgId).
   * A new message with a sender moves the sender's read marker to it in the same transaction.
   */
  append(message: NewMessage): Promise<AppendResult>;
  findByClientMsgId(senderId: string, clientMsgId: string): Promise<Message | undefined>;
  /** Oldest first, seq > afterSeq. */
  listAfter(roomId: string, afterSeq: number, limit: number): Promise<Message[]>;
  /** Newest first, seq < beforeSeq. */
  listBefore(roomId: string, beforeSeq: number, limit: number): Promise<Message[]>;
  /**
   * Bulk import of messages that already carry their seqs (seeding, copying between databases), in
   * one transaction: each room's counter moves up to the highest seq imported. Attachments are not linked.
   */
  importMany(messages: readonly Message[]): Promise<void>;
}
