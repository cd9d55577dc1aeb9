import type { Message, MessageKind, UserRef } from '@parley/protocol';
import type { MessageMeta } from './types.js';

/** What an edit, a deletion or a pin needs to know about the message it names. */
export interface ChangeTarget {
  id: string;
  roomId: string;
  seq: number;
  kind: MessageKind;
  body: string;
  senderId: string | null;
  meta: MessageMeta | undefined;
  deleted: boolean;
  pinned: boolean;
  /** The room was deleted: the message is gone for everyone. */
  roomDeleted: boolean;
}

/** An earlier body kept for moderation: an edit's previous body, or the body a deletion removed. */
export interface NewEditRecord {
  id: string;
  messageId: string;
  roomId: string;
  previousBody: string;
  editorId: string;
  at: number;
  deleted: boolean;
}

export interface EditRecord {
  body: string;
  editedAt: number;
  editor: UserRef;
  deleted: boolean;
}

export interface PinRecord {
  message: Message;
  pinnedAt: number;
  pinnedBy: UserRef;
}

/** Current state behind edits, deletions and pins (their stream events are appended by the caller). */
export interface MessageChangeRepository {
  /** The message, whatever its room; undefined when there is none. */
  findTarget(messageId: string): Promise<ChangeTarget | undefined>;
  /** The message as history pages show it now. */
  findMessage(messageId: string): Promise<Message | undefined>;
  /** Replaces the body (search follows it) and the meta, and stamps edited_at. */
  setBody(messageId: string, body: string, editedAt: number, meta: MessageMeta): Promise<void>;
  /**
   * Makes the message a tombstone: empty body, deleted_at, no pin, reactions, mention rows, reply
   * target or attachments (their rows are deleted). Returns the blob hashes those attachments used.
   * False-y `changed` when it was deleted already.
   */
  markDeleted(messageId: string, at: number): Promise<{ changed: boolean; blobHashes: string[] }>;
  recordEdit(edit: NewEditRecord): Promise<void>;
  /** Earlier bodies, oldest first, the deletion's last. */
  listEdits(messageId: string): Promise<EditRecord[]>;
  /** Pins the message; false when it was pinned already. */
  pin(messageId: string, by: string, at: number): Promise<boolean>;
  /** Unpins the message; false when it was not pinned. */
  unpin(messageId: string): Promise<boolean>;
  countPins(roomId: string): Promise<number>;
  /** Pinned messages of the room, newest pin first, at most `limit`. */
  listPins(roomId: string, limit: number): Promise<PinRecord[]>;
}
