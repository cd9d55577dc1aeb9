import type { Member, Message, ReplyPreview, Room, User, UserRef } from '@parley/protocol';
import type { OutboxItem } from './outbox';

/** What the user sees of the socket: `offline` is the browser's own verdict (window `offline`). */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface TypingEntry {
  user: UserRef;
  /** Epoch ms after which the entry is dropped if no update came (a lost `typing.stop`). */
  until: number;
}

/** The client's model of one room. */
export interface RoomState {
  room: Room;
  /** Sorted by seq, one entry per seq. */
  messages: readonly Message[];
  /** Resume point: every seq up to here has been accounted for (held, or left to history paging). */
  streamSeq: number;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** True between `room.subscribed` and the socket closing or the stream ending. */
  subscribed: boolean;
  onlineUserIds: readonly string[];
  /** Loaded on demand (`GET …/members`); undefined until then. */
  members: readonly Member[] | undefined;
  typing: readonly TypingEntry[];
  /** Messages from others after `room.lastReadSeq` (see unread.ts); seeded from the list's unreadCount. */
  unread: number;
  /**
   * The read marker as it was when the user opened the room, before looking at it moved the marker:
   * where the timeline's "new messages" divider goes. Cleared when the user leaves the room.
   */
  openedReadSeq?: number;
  /**
   * Set while the timeline shows an older stretch of history opened by a jump (a search result, a
   * reply's quote) that has not yet met the live end: the view is the run of held seqs around this one
   * (see timeline-jump.ts). Unset means the view is the live end.
   */
  detachedSeq?: number;
  /** A page after the detached stretch is on its way. */
  loadingNewer?: boolean;
  /** A jump's target is being loaded from history (the timeline says so until it arrives). */
  loadingJump?: boolean;
  /** A message the timeline should scroll to and flash once it is held; `id` tells repeat requests apart. */
  jumpTo?: { seq: number; id: number };
  /** The message the composer's next send answers (Reply), per room like a draft. */
  replyTo?: ReplyPreview;
}

/** A one-off message to the user, rendered translated from `key`. */
export interface Notice {
  id: number;
  key: string;
  values: Record<string, string>;
  variant: 'info' | 'warning' | 'danger';
}

export interface ChatState {
  me: User;
  connection: ConnectionState;
  rooms: Readonly<Record<string, RoomState>>;
  roomsLoaded: boolean;
  activeRoomId: string | undefined;
  /** The tab is visible and focused: only then does an open room count as read. */
  attentive: boolean;
  outbox: readonly OutboxItem[];
  notices: readonly Notice[];
}

export function initialChatState(me: User, outbox: readonly OutboxItem[], attentive = true): ChatState {
  return { me, connection: 'connecting', rooms: {}, roomsLoaded: false, activeRoomId: undefined, attentive, outbox, notices: [] };
}

export function newRoomState(room: Room): RoomState {
  return {
    room,
    messages: [],
    streamSeq: room.lastSeq,
    hasOlder: room.lastSeq > 0,
    loadingOlder: false,
    subscribed: false,
    onlineUserIds: [],
    members: undefined,
    typing: [],
    unread: room.myRole === null ? 0 : room.unreadCount,
  };
}

/** Returns `state` with one room replaced through `fn`; unknown rooms are left alone. */
export function updateRoom(state: ChatState, roomId: string, fn: (r: RoomState) => RoomState): ChatState {
  const current = state.rooms[roomId];
  if (!current) return state;
  const next = fn(current);
  return next === current ? state : { ...state, rooms: { ...state.rooms, [roomId]: next } };
}

export const isMember = (r: RoomState) => r.room.myRole !== null;

let noticeId = 0;
export function addNotice(state: ChatState, notice: Omit<Notice, 'id'>): ChatState {
  return { ...state, notices: [...state.notices, { ...notice, id: ++noticeId }] };
}
