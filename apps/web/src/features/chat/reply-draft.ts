import type { Message, ReplyPreview } from '@parley/protocol';
import { updateRoom, type ChatState } from '../../ws/chat-state';

/** The protocol's excerpt length, in code points. */
const EXCERPT_MAX = 140;

/** Whitespace runs (newlines included) become one space, so a quote stays on one line. */
function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const points = [...flat];
  return points.length <= EXCERPT_MAX ? flat : `${points.slice(0, EXCERPT_MAX - 1).join('')}…`;
}

/**
 * The quote a reply shows before the server has answered: the same shape as the server's `replyTo`,
 * whose own copy (plain text, as the message is now) replaces it when the reply is stored.
 */
export function replyPreviewOf(m: Message): ReplyPreview {
  const deleted = m.deletedAt !== undefined;
  return { id: m.id, seq: m.seq, sender: m.sender, excerpt: deleted ? '' : excerptOf(m.body), kind: m.kind, deleted };
}

/** Starts (a message) or cancels (undefined) the reply the room's composer will send. */
export function setReplyTo(state: ChatState, roomId: string, reply: ReplyPreview | undefined): ChatState {
  return updateRoom(state, roomId, (r) => (r.replyTo === reply ? r : { ...r, replyTo: reply }));
}
