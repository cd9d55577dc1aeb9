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
]);
export type SystemEvent = z.infer<typeof SystemEvent>;

export const MessageKind = z.enum(['text', 'image', 'file', 'system']);
export type MessageKind = z.infer<typeof MessageKind>;

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
