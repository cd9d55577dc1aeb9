import { z } from 'zod';
import { Id, Seq } from '../rest/common.js';
import { boundedText } from '../text.js';

/** Optional correlation id; the server echoes it in the reply or the `error` frame. */
const Ref = z.string().min(1).max(64).optional();

/** Client-chosen idempotency key of a send: 1-64 of `A-Z a-z 0-9 _ -`. */
export const ClientMsgId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, {
  message: 'must be 1-64 of A-Z a-z 0-9 _ -',
});

/** Resume point for one room: the last seq the client holds (omit to start from now). */
export const Subscription = z.object({ roomId: Id, afterSeq: Seq.optional() }).strict();
export type Subscription = z.infer<typeof Subscription>;

/** First frame on a socket: authenticates and (re)subscribes, replaying what was missed. */
export const SessionHello = z
  .object({
    type: z.literal('session.hello'),
    ref: Ref,
    token: z.string().min(1).max(4096),
    subscriptions: z.array(Subscription).max(1000).default([]),
  })
  .strict();

/** Follow a room's stream; with `afterSeq`, first replay everything after it. */
export const RoomSubscribe = Subscription.extend({ type: z.literal('room.subscribe'), ref: Ref }).strict();

/** Stop following a room's stream. */
export const RoomUnsubscribe = z
  .object({ type: z.literal('room.unsubscribe'), ref: Ref, roomId: Id })
  .strict();

/** Most attachments one message may carry. */
export const MAX_ATTACHMENTS = 10;

/**
 * Post a message. Idempotent on (sender, clientMsgId): a repeat returns the first ack.
 * `text` needs a body; `image` and `file` need 1-10 uploaded attachment ids (`image`: images only)
 * and take the body as an optional caption.
 */
export const MessageSend = z
  .object({
    type: z.literal('message.send'),
    ref: Ref,
    roomId: Id,
    clientMsgId: ClientMsgId,
    kind: z.enum(['text', 'image', 'file']).default('text'),
    body: boundedText(0, 4000).default(''),
    attachmentIds: z.array(Id).max(MAX_ATTACHMENTS).default([]),
    /** Answer this earlier message of the same room. */
    replyToId: Id.optional(),
  })
  .strict()
  .refine((f) => f.kind !== 'text' || f.body.length > 0, { message: 'must be at least 1 characters', path: ['body'] })
  .refine((f) => f.kind !== 'text' || f.attachmentIds.length === 0, {
    message: 'text messages carry no attachments; use kind image or file',
    path: ['attachmentIds'],
  })
  .refine((f) => f.kind === 'text' || f.attachmentIds.length > 0, {
    message: 'image and file messages need at least one attachment',
    path: ['attachmentIds'],
  })
  .refine((f) => new Set(f.attachmentIds).size === f.attachmentIds.length, {
    message: 'must not repeat an attachment',
    path: ['attachmentIds'],
  });

/** Tell the room the user started or stopped typing (transient, not stored). */
export const TypingStart = z.object({ type: z.literal('typing.start'), ref: Ref, roomId: Id }).strict();
export const TypingStop = z.object({ type: z.literal('typing.stop'), ref: Ref, roomId: Id }).strict();

/** Application-level liveness check; browsers cannot see WebSocket pings. */
export const SessionPing = z.object({ type: z.literal('session.ping'), ref: Ref }).strict();

/** Every frame a client may send. */
export const ClientFrame = z.discriminatedUnion('type', [
  SessionHello,
  RoomSubscribe,
  RoomUnsubscribe,
  MessageSend,
  TypingStart,
  TypingStop,
  SessionPing,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ClientFrameInput = z.input<typeof ClientFrame>;
export type ClientFrameType = ClientFrame['type'];
