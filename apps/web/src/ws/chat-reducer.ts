import type { MembershipState, Message, Room, ServerFrame, ServerFrameOf } from '@parley/protocol';
import { addNotice, isMember, newRoomState, updateRoom, type ChatState, type RoomState } from './chat-state';
import { applyChanges, isUpdate, reapplyHeldChanges } from './apply-update';
import { removeFromOutbox, settledBy } from './outbox';
import { applySystemEvent } from './system-events';
import { hasSeq, mergeMessages } from './timeline';
import { reachesLiveEnd } from './timeline-jump';
import { applyMembership, countArrivals, isViewing } from './unread';

/** How long a typing entry lives without an update, in case its `typing.stop` is lost. */
export const TYPING_TTL_MS = 6000;

/**
 * Folds fresh room metadata into a held room. Timelines and stream positions stay, because a list's
 * lastSeq must never move a resume point past messages this client has not seen; the read marker and
 * unread count merge as any membership state does (see applyMembership).
 */
function mergeRoom(held: RoomState | undefined, room: Room, meId: string): RoomState {
  if (!held) return newRoomState(room);
  const { lastReadSeq, muted, mentionCount } = held.room;
  const onlineCount = held.subscribed ? held.room.onlineCount : room.onlineCount;
  const merged = applyMembership({ ...held, room: { ...room, onlineCount, lastReadSeq, muted, unreadCount: held.unread, mentionCount } }, room, meId);
  const joinedNow = held.room.myRole === null && room.myRole !== null;
  if (!joinedNow || room.lastSeq <= held.streamSeq) return merged;
  // Joined (here or in another tab) after previewing: the stream starts at the list's position, and a
  // preview older than that would leave a hole in the middle, so it is dropped and paged in again.
  return { ...merged, messages: [], streamSeq: room.lastSeq, hasOlder: room.lastSeq > 0, detachedSeq: undefined };
}

/** Replaces the room list: rooms missing from it (deleted, or private and left) are dropped. */
export function applyRoomList(state: ChatState, rooms: readonly Room[]): ChatState {
  const next: Record<string, RoomState> = {};
  for (const room of rooms) next[room.id] = mergeRoom(state.rooms[room.id], room, state.me.id);
  return { ...state, rooms: next, roomsLoaded: true };
}

/** Adds or refreshes one room (after create or join over REST). */
export function upsertRoom(state: ChatState, room: Room): ChatState {
  return { ...state, rooms: { ...state.rooms, [room.id]: mergeRoom(state.rooms[room.id], room, state.me.id) } };
}

export function removeRoom(state: ChatState, roomId: string): ChatState {
  if (!state.rooms[roomId]) return state;
  const rooms = { ...state.rooms };
  delete rooms[roomId];
  return { ...state, rooms };
}

/** Messages from the live stream (or from resync paging, which continues the stream). */
export function applyStreamMessages(state: ChatState, roomId: string, messages: readonly Message[]): ChatState {
  const meId = state.me.id;
  const viewing = isViewing(state, roomId);
  let next = updateRoom(state, roomId, (r) => {
    let room = r;
    const fresh: Message[] = [];
    for (const m of messages) {
      if (m.seq <= r.streamSeq && hasSeq(r.messages, m.seq)) continue;
      if (m.event && m.seq > r.streamSeq) room = applySystemEvent(room, m.event, meId, m.createdAt);
      fresh.push(m);
    }
    room = countArrivals(room, fresh, meId, viewing);
    const last = messages[messages.length - 1];
    const streamSeq = Math.max(r.streamSeq, last?.seq ?? 0);
    return {
      ...room,
      room: { ...room.room, lastSeq: Math.max(room.room.lastSeq, streamSeq) },
      // Edits, deletions, reactions and pins change the messages they name; each applies once.
      messages: applyChanges(mergeMessages(room.messages, messages), fresh),
      streamSeq,
      typing: room.typing.filter((t) => !messages.some((m) => !isUpdate(m) && m.sender?.id === t.user.id)),
    };
  });
  const settled = settledBy(messages, meId);
  if (settled.size > 0) next = { ...next, outbox: removeFromOutbox(next.outbox, settled) };
  return next;
}

/**
 * A page of older history (newest first, as the server sends `before` pages). A page that no longer
 * reaches the oldest message held (a jump moved the view while it was on its way) is dropped, since
 * it would leave a hole in the timeline.
 */
export function applyHistoryPage(state: ChatState, roomId: string, messages: readonly Message[], hasMore: boolean): ChatState {
  return updateRoom(state, roomId, (r) => {
    const newest = messages[0]?.seq;
    const reaches = newest === undefined || newest + 1 >= (r.messages[0]?.seq ?? r.streamSeq + 1);
    if (!reaches) return { ...r, loadingOlder: false };
    const merged = mergeMessages(r.messages, messages);
    // A member's stream holds every later change; a preview has no stream, so its pages are the truth.
    // Only the live end's changes are the newest; a detached window's would take the page back in time.
    const fresh = isMember(r) && reachesLiveEnd(merged, r.streamSeq) ? reapplyHeldChanges(merged, messages, r.streamSeq) : merged;
    return { ...r, messages: fresh, hasOlder: hasMore, loadingOlder: false };
  });
}

/**
 * An ack settles the outbox item. Its message joins the timeline at once as a stand-in built from the
 * item, so it never blinks out while its `message.created` is still on the way; the real copy replaces
 * it by seq. The stand-in does not move the stream position: earlier seqs may still be in flight.
 */
function applyAck(state: ChatState, frame: ServerFrameOf<'message.acked'>): ChatState {
  const item = state.outbox.find((i) => i.clientMsgId === frame.clientMsgId);
  let next: ChatState = { ...state, outbox: removeFromOutbox(state.outbox, new Set([frame.clientMsgId])) };
  if (!item) return next;
  const { id, username, displayName, avatar } = state.me;
  const standIn: Message = {
    id: frame.id,
    roomId: frame.roomId,
    seq: frame.seq,
    kind: item.kind,
    body: item.body,
    event: null,
    sender: { id, username, displayName, ...(avatar && { avatar }) },
    clientMsgId: item.clientMsgId,
    createdAt: item.createdAt,
    ...(item.kind !== 'text' && { attachments: item.attachments ?? [] }),
    ...(item.replyTo && { replyTo: item.replyTo }),
  };
  next = updateRoom(next, frame.roomId, (r) => (hasSeq(r.messages, frame.seq) ? r : { ...r, messages: mergeMessages(r.messages, [standIn]) }));
  return next;
}

function applyUnsubscribed(state: ChatState, frame: ServerFrameOf<'room.unsubscribed'>): ChatState {
  const r = state.rooms[frame.roomId];
  if (!r || frame.reason === 'requested') return updateRoom(state, frame.roomId, (x) => ({ ...x, subscribed: false }));
  const name = r.room.name;
  if (frame.reason === 'deleted') return addNotice(removeRoom(state, frame.roomId), { key: 'notice.roomDeleted', values: { name }, variant: 'warning' });
  const removedKey = frame.reason === 'kicked' ? 'notice.kicked' : frame.reason === 'banned' ? 'notice.banned' : undefined;
  const next = removedKey ? addNotice(state, { key: removedKey, values: { name }, variant: 'warning' }) : state;
  if (r.room.visibility === 'private') return removeRoom(next, frame.roomId);
  return updateRoom(next, frame.roomId, (x) => ({ ...x, subscribed: false, unread: 0, room: { ...x.room, myRole: null, unreadCount: 0 } }));
}

/** The user's marker, count or mute changed (here, on another device, or by joining). */
export function applyMembershipState(state: ChatState, m: MembershipState): ChatState {
  return updateRoom(state, m.roomId, (r) => applyMembership(r, m, state.me.id));
}

/** Applies one server frame to the model. Frames that only drive side effects return `state`. */
export function applyFrame(state: ChatState, frame: ServerFrame, now: number): ChatState {
  switch (frame.type) {
    case 'message.created':
      return applyStreamMessages(state, frame.message.roomId, [frame.message]);
    case 'message.acked':
      return applyAck(state, frame);
    case 'room.subscribed':
      return updateRoom(state, frame.roomId, (r) => ({
        ...r,
        subscribed: true,
        onlineUserIds: frame.onlineUserIds,
        room: { ...r.room, onlineCount: frame.onlineCount, lastSeq: Math.max(r.room.lastSeq, frame.latestSeq) },
      }));
    case 'room.unsubscribed':
      return applyUnsubscribed(state, frame);
    case 'presence.updated':
      return updateRoom(state, frame.roomId, (r) => {
        const online = new Set(r.onlineUserIds);
        for (const id of frame.online) online.add(id);
        for (const id of frame.offline) online.delete(id);
        return { ...r, onlineUserIds: [...online], room: { ...r.room, onlineCount: frame.onlineCount } };
      });
    case 'membership.updated':
      return applyMembershipState(state, frame);
    case 'typing.updated':
      return updateRoom(state, frame.roomId, (r) => {
        const others = r.typing.filter((t) => t.user.id !== frame.user.id);
        return { ...r, typing: frame.typing ? [...others, { user: frame.user, until: now + TYPING_TTL_MS }] : others };
      });
    default:
      return state;
  }
}

/** The socket closed: nothing is live any more until the next `room.subscribed`. */
export function applyDisconnected(state: ChatState): ChatState {
  const rooms: Record<string, RoomState> = {};
  for (const [id, r] of Object.entries(state.rooms)) rooms[id] = r.subscribed || r.typing.length ? { ...r, subscribed: false, typing: [] } : r;
  return { ...state, rooms };
}

/** Drops typing entries whose time ran out. */
export function expireTyping(state: ChatState, now: number): ChatState {
  let next = state;
  for (const [id, r] of Object.entries(state.rooms)) {
    if (r.typing.some((t) => t.until <= now)) next = updateRoom(next, id, (x) => ({ ...x, typing: x.typing.filter((t) => t.until > now) }));
  }
  return next;
}
