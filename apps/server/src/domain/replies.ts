import type { Message, ReplyPreview } from '@parley/protocol';
import type { Store } from '../storage/types.js';
import { DomainError } from './errors.js';

/** What a reply may answer: a message people wrote, never a system or update message. */
const REPLYABLE = new Set(['text', 'image', 'file']);

/** The preview a new reply carries, or the stored original when the send is a resend. */
export type ReplyResolution = { preview: ReplyPreview } | { earlier: Message };

/** What send() knows when it checks the message a new one answers. */
export interface ReplyRequest {
  roomId: string;
  replyToId: string;
  senderId: string;
  clientMsgId: string;
}

/**
 * The message a send answers, as the preview the new message carries. It must be a text, image or
 * file message of the same room that is not deleted; anything else is `reply_target_not_found`, the
 * same answer whether or not the id exists in some other room. A resend of a reply stored while its
 * target still existed is answered with that stored original, so exact-once holds after a deletion.
 */
export async function resolveReplyTarget(store: Store, req: ReplyRequest): Promise<ReplyResolution> {
  const found = await store.replies.findPreview(req.replyToId);
  const ok = found && found.target.roomId === req.roomId && REPLYABLE.has(found.target.kind) && !found.target.deleted;
  if (ok) return { preview: found.preview };
  const earlier = await store.messages.findByClientMsgId(req.senderId, req.clientMsgId);
  if (earlier) return { earlier };
  const why = found?.target.deleted && found.target.roomId === req.roomId ? 'it was deleted' : 'no such message in this room';
  throw new DomainError('reply_target_not_found', `Cannot reply to that message: ${why}`);
}
