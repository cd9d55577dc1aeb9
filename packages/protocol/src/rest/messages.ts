import { z } from 'zod';
import { Attachment } from './attachments.js';
import { Id, Seq, Timestamp } from './common.js';
import { RoomRole } from './rooms.js';
import { UserRef } from './users.js';

/** What a system message records; stored with its own seq and replayed like any message. */
export const SystemEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('room.created'), by: UserRef }),
  z.object({ type: z.literal('member.joined'), user: UserRef }),
  z.object({ type: z.literal('member.left'), user: UserRef }),
  z.object({ type: z.literal('member.kicked'), user: UserRef, by: UserRef }),
  /** Removed and barred from rejoining; written only when the banned user was a member. */
  z.object({ type: z.literal('member.banned'), user: UserRef, by: UserRef }),
  z.object({ type: z.literal('member.role-changed'), user: UserRef, by: UserRef, role: RoomRole }),
  /** `to` is now the owner and `from`, the previous owner, an admin. */
  z.object({ type: z.literal('room.owner-transferred'), from: UserRef, to: UserRef }),
  z.object({
    type: z.literal('room.updated'),
    by: UserRef,
    name: z.string().optional(),
    description: z.string().optional(),
  }),
  z.object({ type: z.literal('room.deleted'), by: UserRef }),
  /** A message was pinned or unpinned (kind `system`: shown in the timeline). */
  z.object({ type: z.literal('message.pinned'), messageId: Id, by: UserRef }),
  z.object({ type: z.literal('message.unpinned'), messageId: Id, by: UserRef }),
  // The events below are kind `update`: changes to an earlier message, applied to it, never shown as a row.
  /** `body`, `mentions` and `mentionsAll` are the message's new state (absent: none). */
  z.object({
    type: z.literal('message.edited'),
    messageId: Id,
    body: z.string(),
    editedAt: Timestamp,
    by: UserRef,
    mentions: z.array(Id).optional(),
    mentionsAll: z.enum(['here', 'all']).optional(),
  }),
  /** The message is now a tombstone: empty body, no attachments. */
  z.object({ type: z.literal('message.deleted'), messageId: Id, deletedAt: Timestamp, by: UserRef }),
  z.object({ type: z.literal('reaction.added'), messageId: Id, emoji: z.string(), user: UserRef }),
  z.object({ type: z.literal('reaction.removed'), messageId: Id, emoji: z.string(), user: UserRef }),
]);
export type SystemEvent = z.infer<typeof SystemEvent>;

/**
 * `update` messages carry an `event` that changes an earlier message (edit, delete, reaction); they
 * take a seq like any message, so a resuming client replays them, but are not shown, not counted as
 * unread and not searchable (their body is empty).
 */
export const MessageKind = z.enum(['text', 'image', 'file', 'system', 'update']);
export type MessageKind = z.infer<typeof MessageKind>;

/** One emoji's reactions on a message: who reacted, oldest first. */
export const Reaction = z.object({
  emoji: z.string(),
  count: z.number().int(),
  users: z.array(z.object({ id: Id, displayName: z.string() })),
});
export type Reaction = z.infer<typeof Reaction>;

/** The message a reply answers, as it is now (a deleted one keeps only its id, seq and `deleted`). */
export const ReplyPreview = z.object({
  id: Id,
  seq: Seq,
  sender: UserRef.nullable(),
  /** Plain text, at most 140 code points; empty for a deleted message. */
  excerpt: z.string(),
  kind: MessageKind,
  deleted: z.boolean(),
});
export type ReplyPreview = z.infer<typeof ReplyPreview>;

/** The webhook that posted a message (then `sender` is null and `kind` is `text`). */
export const BotRef = z.object({ webhookId: Id, name: z.string() });
export type BotRef = z.infer<typeof BotRef>;

/**
 * A stored message. System messages have `kind: 'system'`, an `event` and no `clientMsgId`.
 * Image and file messages list their `attachments` (the key is absent on other messages); `body` is their caption.
 */
export const Message = z.object({
  id: Id,
  roomId: Id,
  seq: Seq,
  kind: MessageKind,
  body: z.string(),
  event: SystemEvent.nullable(),
  sender: UserRef.nullable(),
  clientMsgId: z.string().nullable(),
  createdAt: Timestamp,
  attachments: z.array(Attachment).optional(),
  /** Optional keys below are absent when they do not apply, which keeps most frames small. */
  editedAt: Timestamp.optional(),
  /** A tombstone: `body` is empty and `attachments` absent. */
  deletedAt: Timestamp.optional(),
  replyTo: ReplyPreview.optional(),
  /** Members mentioned by `@username`. */
  mentions: z.array(Id).optional(),
  /** `@here` or `@all` by an owner or admin. */
  mentionsAll: z.enum(['here', 'all']).optional(),
  reactions: z.array(Reaction).optional(),
  pinned: z.literal(true).optional(),
  bot: BotRef.optional(),
});
export type Message = z.infer<typeof Message>;

/** A query-string integer: decimal digits only, so blanks, signs, hex and exponents are refused. */
function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,10}$/, { message: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}
const QuerySeq = queryInt(0, 2_147_483_647);

/** `GET /api/rooms/:id/messages?before=&after=&limit=`: a page of history by seq cursor. */
export const HistoryQuery = z
  .object({
    before: QuerySeq.optional(),
    after: QuerySeq.optional(),
    limit: queryInt(1, 100).default(50),
  })
  .strict()
  .refine((q) => q.before === undefined || q.after === undefined, {
    message: 'give before or after, not both',
    path: ['before'],
  });
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** A page of history: newest first for `before` (and for no cursor), oldest first for `after`. */
export const HistoryPage = z.object({ messages: z.array(Message), hasMore: z.boolean() });
export type HistoryPage = z.infer<typeof HistoryPage>;
