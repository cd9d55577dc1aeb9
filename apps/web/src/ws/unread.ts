import { UNREAD_CAP, type MembershipState, type Message } from '@parley/protocol';
import { isMember, updateRoom, type ChatState, type RoomState } from './chat-state';

/** The caller's own standing in a room, as the list, the REST answers and `membership.updated` carry it. */
export type Membership = Omit<MembershipState, 'roomId'>;

/** What the sidebar badge says: the server stops counting at UNREAD_CAP, so the cap reads "999+". */
export function unreadLabel(count: number): string {
  return count >= UNREAD_CAP ? `${UNREAD_CAP - 1}+` : String(count);
}

/** Kinds that are something said; system lines and updates (edits, reactions…) never make a room unread. */
const isSaid = (m: Message) => m.kind !== 'system' && m.kind !== 'update';

/** Messages that make a room unread for `meId`: anything someone else said; never system lines or updates. */
export function countsAsUnread(m: Message, meId: string): boolean {
  return isSaid(m) && m.sender !== null && m.sender.id !== meId;
}

/**
 * Whether a message names the user: `@username` (the server resolved it into `mentions`) or `@here`/`@all`
 * (the server sets `mentionsAll` only for an owner's or admin's message). Never one's own message.
 */
export function mentionsUser(m: Message, userId: string): boolean {
  if (!countsAsUnread(m, userId)) return false;
  return m.mentionsAll !== undefined || (m.mentions?.includes(userId) ?? false);
}

/** The user is looking at this room right now: it is open and the tab is visible and focused. */
export function isViewing(state: ChatState, roomId: string): boolean {
  const r = state.rooms[roomId];
  return state.activeRoomId === roomId && state.attentive && r !== undefined && isMember(r);
}

const cap = (n: number) => Math.min(n, UNREAD_CAP);

/** Held messages after `seq` that count as unread: a floor for any count computed elsewhere earlier. */
function heldUnreadAfter(r: RoomState, seq: number, meId: string, count = countsAsUnread): number {
  let n = 0;
  for (const m of r.messages) if (m.seq > seq && count(m, meId)) n++;
  return n;
}

/**
 * Folds an authoritative membership (from the list, a REST answer or a frame) into a room. It is
 * idempotent and never moves the marker back: a state older than what this client already read
 * (an optimistic mark, or frames crossing on the wire) keeps the local marker and count. With the
 * same marker the larger count wins, because a count only grows until the marker moves; with a newer
 * marker the server's count wins, but never below the messages this client already holds after it.
 */
export function applyMembership(r: RoomState, m: Membership, meId: string): RoomState {
  const local = r.room.lastReadSeq;
  let lastReadSeq = local;
  let unread = r.unread;
  // Mentions are a subset of the unread messages and follow the same rules.
  let mentions = r.room.mentionCount;
  if (!isMember(r)) unread = mentions = 0;
  else if (m.lastReadSeq === local) {
    unread = Math.max(r.unread, cap(m.unreadCount));
    mentions = Math.max(mentions, cap(m.mentionCount));
  } else if (m.lastReadSeq > local) {
    lastReadSeq = m.lastReadSeq;
    unread = cap(Math.max(m.unreadCount, heldUnreadAfter(r, m.lastReadSeq, meId)));
    mentions = cap(Math.max(m.mentionCount, heldUnreadAfter(r, m.lastReadSeq, meId, mentionsUser)));
  }
  if (lastReadSeq === local && unread === r.unread && mentions === r.room.mentionCount && m.muted === r.room.muted) return r;
  return { ...r, unread, room: { ...r.room, lastReadSeq, muted: m.muted, unreadCount: unread, mentionCount: mentions } };
}

/**
 * Counts newly arrived stream messages. Someone else's message after the marker adds one unless the
 * user is looking at the room (then the marker follows it); the user's own message moves the marker
 * to it, as the server does when it stores a send.
 */
export function countArrivals(r: RoomState, fresh: readonly Message[], meId: string, viewing: boolean): RoomState {
  let lastReadSeq = r.room.lastReadSeq;
  let unread = r.unread;
  let mentions = r.room.mentionCount;
  for (const m of fresh) {
    if (m.seq <= lastReadSeq) continue;
    // Reacting to or editing an old message says nothing about having read the newer ones.
    if (m.sender?.id === meId && isSaid(m)) {
      lastReadSeq = m.seq;
      unread = mentions = 0;
    } else if (viewing) lastReadSeq = m.seq;
    else if (countsAsUnread(m, meId)) {
      unread = cap(unread + 1);
      if (mentionsUser(m, meId)) mentions = cap(mentions + 1);
    }
  }
  if (lastReadSeq === r.room.lastReadSeq && unread === r.unread && mentions === r.room.mentionCount) return r;
  return { ...r, unread, room: { ...r.room, lastReadSeq, unreadCount: unread, mentionCount: mentions } };
}

/**
 * Marks the room the user is looking at as read, locally and at once: unread 0 and the marker at the
 * newest seq known. The controller then tells the server (debounced); returns `state` when nothing moved.
 */
export function markViewed(state: ChatState): ChatState {
  const id = state.activeRoomId;
  if (!id || !isViewing(state, id)) return state;
  return updateRoom(state, id, (r) => {
    const seq = Math.max(r.room.lastReadSeq, r.room.lastSeq);
    if (r.unread === 0 && r.room.mentionCount === 0 && seq === r.room.lastReadSeq) return r;
    return { ...r, unread: 0, openedReadSeq: r.openedReadSeq ?? r.room.lastReadSeq, room: { ...r.room, lastReadSeq: seq, unreadCount: 0, mentionCount: 0 } };
  });
}

/** Unread messages across the rooms the user belongs to and has not muted: the number in the title. */
export function totalUnread(state: ChatState): number {
  let n = 0;
  for (const r of Object.values(state.rooms)) if (isMember(r) && !r.room.muted) n += r.unread;
  return n;
}

/** The document title: "(3) Parley" while anything unmuted is unread. */
export function documentTitle(appName: string, unread: number): string {
  return unread > 0 ? `(${unreadLabel(unread)}) ${appName}` : appName;
}
