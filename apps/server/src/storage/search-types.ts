import type { BotRef, UserRef } from '@parley/protocol';

/** A page position: results strictly after (createdAt, roomId, seq) in newest-first order. */
export interface SearchPosition {
  createdAt: number;
  roomId: string;
  seq: number;
}

/** What to look for: literal text (already NFC and trimmed), in the member rooms of `userId`. */
export interface MessageSearch {
  userId: string;
  text: string;
  roomId: string | undefined;
  before: SearchPosition | undefined;
  limit: number;
}

/** A matching message with what a result shows; the body is whole, the domain cuts the snippet. */
export interface SearchHit {
  messageId: string;
  roomId: string;
  roomName: string;
  seq: number;
  sender: UserRef | null;
  bot?: BotRef;
  body: string;
  createdAt: number;
}

/** Full-text search over the bodies of non-system messages in live rooms the user is a member of. */
export interface SearchRepository {
  findMessages(search: MessageSearch): Promise<SearchHit[]>;
}
