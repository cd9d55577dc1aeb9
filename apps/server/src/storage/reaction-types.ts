import type { MessageKind, Reaction, ReplyPreview } from '@parley/protocol';

/** What a reaction or a reply needs to know about the message it names. */
export interface MessageTarget {
  id: string;
  roomId: string;
  kind: MessageKind;
  deleted: boolean;
  /** The room was deleted: the message is gone for everyone. */
  roomDeleted: boolean;
}

/** One user's reaction, as the message_reactions table holds it. */
export interface NewReaction {
  messageId: string;
  roomId: string;
  emoji: string;
  userId: string;
  at: number;
}

export interface ReactionRepository {
  /** The message, whatever its room; undefined when there is none. */
  findTarget(messageId: string): Promise<MessageTarget | undefined>;
  /** True when the user has reacted to the message with this emoji. */
  has(messageId: string, emoji: string, userId: string): Promise<boolean>;
  /** Adds the reaction; false when it was already there (nothing changes). */
  add(reaction: NewReaction): Promise<boolean>;
  /** Removes the reaction; false when it was not there. */
  remove(messageId: string, emoji: string, userId: string): Promise<boolean>;
  /** How many different emoji the message carries. */
  countEmojis(messageId: string): Promise<number>;
  /** The reactions of these messages, one query: emoji by first reaction, users oldest first. */
  listFor(messageIds: readonly string[]): Promise<Map<string, Reaction[]>>;
  /** The user's most used emoji since `since` (epoch ms), most used first, at most `limit`. */
  frequent(userId: string, since: number, limit: number): Promise<string[]>;
}

export interface ReplyRepository {
  /** The message as a reply preview (sender and excerpt as they are now), with its room and state. */
  findPreview(messageId: string): Promise<{ target: MessageTarget; preview: ReplyPreview } | undefined>;
}
