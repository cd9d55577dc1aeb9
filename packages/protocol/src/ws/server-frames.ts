import { z } from 'zod';
import { ErrorCode } from '../errors.js';
import { Id, Seq } from '../rest/common.js';
import { Message } from '../rest/messages.js';
import { PublicInstance } from '../rest/instance.js';
import { MembershipState } from '../rest/rooms.js';
import { User, UserRef } from '../rest/users.js';

const Ref = z.string().optional();

/** Authentication succeeded; requested subscriptions follow as `room.subscribed` frames. */
export const SessionReady = z.object({
  type: z.literal('session.ready'),
  ref: Ref,
  user: User,
  heartbeatMs: z.number().int(),
});

/** The socket now follows the room live; any replay for it has already been sent. */
export const RoomSubscribed = z.object({
  type: z.literal('room.subscribed'),
  ref: Ref,
  roomId: Id,
  latestSeq: Seq,
  onlineCount: z.number().int(),
  onlineUserIds: z.array(Id),
});

/** The socket no longer follows the room. */
export const RoomUnsubscribed = z.object({
  type: z.literal('room.unsubscribed'),
  ref: Ref,
  roomId: Id,
  reason: z.enum(['requested', 'left', 'kicked', 'banned', 'deleted']),
});

/** Too much was missed to replay on the socket: fetch `GET …/messages?after=afterSeq` pages, then subscribe again. */
export const RoomResyncRequired = z.object({
  type: z.literal('room.resync-required'),
  ref: Ref,
  roomId: Id,
  afterSeq: Seq,
  latestSeq: Seq,
});

/** A stored message (text or system), delivered in seq order exactly once per subscription. */
export const MessageCreated = z.object({ type: z.literal('message.created'), message: Message });

/** The server stored (or had already stored) a sent message. */
export const MessageAcked = z.object({
  type: z.literal('message.acked'),
  ref: Ref,
  roomId: Id,
  clientMsgId: z.string(),
  id: Id,
  seq: Seq,
  duplicate: z.boolean(),
});

/** Coalesced change of who is online in a room. */
export const PresenceUpdated = z.object({
  type: z.literal('presence.updated'),
  roomId: Id,
  onlineCount: z.number().int(),
  online: z.array(Id),
  offline: z.array(Id),
});

/** Someone started or stopped typing. */
export const TypingUpdated = z.object({
  type: z.literal('typing.updated'),
  roomId: Id,
  user: UserRef,
  typing: z.boolean(),
});

/**
 * The user's own read marker, unread count or mute changed (on any of their devices), or they joined
 * a room. Sent to every socket of that user, subscribed to the room or not.
 */
export const MembershipUpdated = MembershipState.extend({ type: z.literal('membership.updated') });

/**
 * A public room was created, renamed/redescribed or deleted. Sent to every signed-in socket so room
 * directories stay current; names no private room. Refetch `GET /api/rooms` (with some jitter).
 */
export const DirectoryChanged = z.object({
  type: z.literal('directory.changed'),
  roomId: Id,
  change: z.enum(['created', 'updated', 'deleted']),
});

/** Instance settings changed (an admin saved them on any instance): apply the name, limits and types at once. */
export const InstanceUpdated = z.object({ type: z.literal('instance.updated'), instance: PublicInstance });
export type InstanceUpdated = z.infer<typeof InstanceUpdated>;

/** Reply to `session.ping`. */
export const SessionPong = z.object({ type: z.literal('session.pong'), ref: Ref });

/** A frame was refused; the socket stays open. `roomId` names the room when a subscription failed. */
export const ErrorFrame = z.object({
  type: z.literal('error'),
  ref: Ref,
  roomId: Id.optional(),
  code: ErrorCode,
  message: z.string(),
});

/** Every frame the server may send. */
export const ServerFrame = z.discriminatedUnion('type', [
  SessionReady,
  RoomSubscribed,
  RoomUnsubscribed,
  RoomResyncRequired,
  MessageCreated,
  MessageAcked,
  PresenceUpdated,
  TypingUpdated,
  MembershipUpdated,
  DirectoryChanged,
  InstanceUpdated,
  SessionPong,
  ErrorFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type ServerFrameType = ServerFrame['type'];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;

/** WebSocket close codes Parley uses besides the standard ones. */
export const CloseCode = {
  /** Authentication failed, timed out, or the session was revoked. */
  unauthenticated: 4401,
  /** RFC 6455: message too big (frame over the 64 KiB transport limit). */
  tooBig: 1009,
  /** RFC 6455: service restart; reconnect. */
  restart: 1012,
} as const;
