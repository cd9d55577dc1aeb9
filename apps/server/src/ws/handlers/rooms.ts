import type { ClientFrame, Message } from '@parley/protocol';
import { RoomCursor } from '../../domain/room-cursor.js';
import type { Connection } from '../connection.js';
import type { WsContext } from '../context.js';
import { toErrorFrame } from '../errors.js';
import { messageFrame } from '../frames.js';

type Subscribe = Extract<ClientFrame, { type: 'room.subscribe' }>;
type Unsubscribe = Extract<ClientFrame, { type: 'room.unsubscribe' }>;

/** Gap-fill pages and the wait before asking storage for a missing seq. */
const FETCH_LIMIT = 200;
const GAP_WAIT_MS = 50;

export async function handleSubscribe(ctx: WsContext, conn: Connection, frame: Subscribe): Promise<void> {
  await subscribe(ctx, conn, frame.roomId, frame.afterSeq, frame.ref);
}

export function handleUnsubscribe(conn: Connection, frame: Unsubscribe): void {
  conn.dropSubscription(frame.roomId);
  conn.send({ type: 'room.unsubscribed', ref: frame.ref, roomId: frame.roomId, reason: 'requested' });
}

/** Why a delivered system message ends this user's stream, if it does. */
function endsStream(message: Message, userId: string): 'left' | 'kicked' | 'banned' | 'deleted' | undefined {
  const e = message.event;
  if (!e) return undefined;
  if (e.type === 'room.deleted') return 'deleted';
  if (e.type === 'member.left' && e.user.id === userId) return 'left';
  if (e.type === 'member.kicked' && e.user.id === userId) return 'kicked';
  if (e.type === 'member.banned' && e.user.id === userId) return 'banned';
  return undefined;
}

/**
 * Listens first, then reads where the room stands, then replays: so no message falls between
 * the replay and the live stream, and the cursor drops anything seen twice.
 */
export async function subscribe(
  ctx: WsContext,
  conn: Connection,
  roomId: string,
  afterSeq: number | undefined,
  ref: string | undefined,
): Promise<void> {
  conn.dropSubscription(roomId);
  const userId = conn.userRef.id;
  const cursor = new RoomCursor({
    fetchAfter: (after, limit) => ctx.store.messages.listAfter(roomId, after, limit),
    deliver: (message) => {
      conn.sendEncoded(messageFrame(message));
      const reason = endsStream(message, userId);
      if (!reason) return true;
      conn.dropSubscription(roomId);
      conn.send({ type: 'room.unsubscribed', roomId, reason });
      return false;
    },
    onError: (err) => {
      ctx.log.error({ err, roomId, userId }, 'gap fill failed');
    },
    gapWaitMs: GAP_WAIT_MS,
    fetchLimit: FETCH_LIMIT,
  });
  // Typing and presence are transient and say who is in the room, so they flow only once access is
  // confirmed and the stream is live and in order: never to a refused socket while the database
  // answers, nor past a kick the cursor has not delivered yet. room.subscribed carries a snapshot.
  let live = false;
  const detach = ctx.hub.attach(roomId, (event, frame) => {
    if (event.kind === 'message') return cursor.push(event.message);
    if (!live || !frame || !cursor.isCaughtUp) return;
    if (event.kind === 'presence' || event.user.id !== userId) conn.sendEncoded(frame);
  });
  conn.subscriptions.set(roomId, { cursor, detach });
  try {
    const plan = await ctx.messages.planStream(userId, roomId, afterSeq, ctx.limits.replayLimit);
    if (plan.kind === 'resync') {
      conn.dropSubscription(roomId);
      conn.send({ type: 'room.resync-required', ref, roomId, afterSeq: plan.afterSeq, latestSeq: plan.latestSeq });
      return;
    }
    await cursor.begin(plan.afterSeq);
    if (cursor.isStopped) return;
    if (plan.kind === 'deleted') {
      conn.dropSubscription(roomId);
      conn.send({ type: 'room.unsubscribed', ref, roomId, reason: 'deleted' });
      return;
    }
  } catch (err) {
    if (conn.subscriptions.get(roomId)?.cursor === cursor) conn.dropSubscription(roomId);
    const { frame, unexpected } = toErrorFrame(err, ref);
    if (unexpected) ctx.log.error({ err, roomId, userId }, 'subscribe failed');
    // Subscriptions inside session.hello have no ref of their own: the roomId says which one failed.
    conn.send({ ...frame, roomId });
    return;
  }
  live = true;
  conn.send({
    type: 'room.subscribed',
    ref,
    roomId,
    latestSeq: cursor.lastSeq,
    onlineCount: ctx.presence.onlineCount(roomId),
    onlineUserIds: ctx.presence.onlineUserIds(roomId),
  });
}
