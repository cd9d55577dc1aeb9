import { UNREAD_CAP, type Message, type Room, type User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { applyFrame, applyRoomList } from './chat-reducer';
import { initialChatState, type ChatState } from './chat-state';
import { documentTitle, markViewed, totalUnread, unreadLabel } from './unread';

const ROOM = '00000000-0000-4000-8000-000000000001';
const OTHER_ROOM = '00000000-0000-4000-8000-000000000002';
const me: User = { id: '00000000-0000-4000-8000-0000000000aa', username: 'me', displayName: 'Me', bio: '', statusText: '', createdAt: '2025-01-01T00:00:00.000Z' };
const bo = { id: '00000000-0000-4000-8000-0000000000bb', username: 'bo', displayName: 'Bo' };
const meRef = { id: me.id, username: me.username, displayName: me.displayName };

const room = (extra: Partial<Room> = {}): Room => ({
  id: ROOM,
  name: 'general',
  description: '',
  visibility: 'public',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastSeq: 10,
  memberCount: 2,
  onlineCount: 1,
  myRole: 'member',
  lastReadSeq: 8,
  unreadCount: 2,
  mentionCount: 0,
  type: 'room',
  muted: false,
  ...extra,
});

const msg = (seq: number, extra: Partial<Message> = {}): Message => ({
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  roomId: ROOM,
  seq,
  kind: 'text',
  body: `m${seq}`,
  event: null,
  sender: bo,
  clientMsgId: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});

const created = (m: Message) => ({ type: 'message.created' as const, message: m });
const membership = (lastReadSeq: number, unreadCount: number, muted = false, mentionCount = 0) => ({
  type: 'membership.updated' as const,
  roomId: ROOM,
  lastReadSeq,
  unreadCount,
  mentionCount,
  muted,
});
const r = (s: ChatState) => s.rooms[ROOM]!;

/** Signed in with the list above; `open` makes ROOM the active room, `attentive` the tab state. */
function state({ open = false, attentive = true, rooms = [room()] } = {}): ChatState {
  const s = applyRoomList(initialChatState(me, [], attentive), rooms);
  return open ? { ...s, activeRoomId: ROOM } : s;
}

describe('unread counts', () => {
  it('starts from the count and marker the room list reports', () => {
    const s = state();
    expect(r(s).unread).toBe(2);
    expect(r(s).room.lastReadSeq).toBe(8);
  });

  it('counts a live message from someone else in a room that is not open', () => {
    const s = applyFrame(state(), created(msg(11)), 0);
    expect(r(s).unread).toBe(3);
  });

  it('does not count own messages, and moves the marker to them as the server does', () => {
    const s = applyFrame(state(), created(msg(11, { sender: meRef })), 0);
    expect(r(s).unread).toBe(0);
    expect(r(s).room.lastReadSeq).toBe(11);
  });

  it('does not count system messages', () => {
    const s = applyFrame(state(), created(msg(11, { kind: 'system', sender: null, body: '', event: { type: 'member.joined', user: bo } })), 0);
    expect(r(s).unread).toBe(2);
  });

  it('counts a message replayed at or below the marker only once, and never when already read', () => {
    let s = applyFrame(state(), created(msg(11)), 0);
    s = applyFrame(s, created(msg(11)), 0);
    expect(r(s).unread).toBe(3);
    s = applyFrame(state(), created(msg(7)), 0);
    expect(r(s).unread).toBe(2);
  });

  it('does not count messages in the open room while the user looks at it, and moves the marker', () => {
    const s = applyFrame(state({ open: true }), created(msg(11)), 0);
    expect(r(s).unread).toBe(2);
    expect(r(s).room.lastReadSeq).toBe(11);
  });

  it('counts messages in the open room while the tab is hidden or unfocused', () => {
    const s = applyFrame(state({ open: true, attentive: false }), created(msg(11)), 0);
    expect(r(s).unread).toBe(3);
  });

  it('stops at the server cap', () => {
    const s = applyFrame(state({ rooms: [room({ unreadCount: UNREAD_CAP })] }), created(msg(11)), 0);
    expect(r(s).unread).toBe(UNREAD_CAP);
  });
});

describe('membership.updated', () => {
  it('replaces the marker and count when the marker moved on (read on another device)', () => {
    const s = applyFrame(state(), membership(10, 0), 0);
    expect(r(s).unread).toBe(0);
    expect(r(s).room.lastReadSeq).toBe(10);
  });

  it('is idempotent', () => {
    const once = applyFrame(state(), membership(10, 0, true), 0);
    expect(applyFrame(once, membership(10, 0, true), 0)).toBe(once);
  });

  it('never moves the marker back, but still takes the mute flag', () => {
    let s = applyFrame(state(), membership(10, 0), 0);
    s = applyFrame(s, membership(9, 1, true), 0);
    expect(r(s).room.lastReadSeq).toBe(10);
    expect(r(s).unread).toBe(0);
    expect(r(s).room.muted).toBe(true);
  });

  it('keeps a message counted here that the server had not counted yet', () => {
    let s = applyFrame(state(), created(msg(11)), 0);
    s = applyFrame(s, membership(8, 2), 0);
    expect(r(s).unread).toBe(3);
    // Read up to 10 elsewhere while 11 was on its way: 11 stays unread.
    s = applyFrame(s, membership(10, 0), 0);
    expect(r(s).unread).toBe(1);
  });

  it('ignores rooms the client does not hold', () => {
    const s = state();
    expect(applyFrame(s, { ...membership(3, 0), roomId: OTHER_ROOM }, 0)).toBe(s);
  });

  it('a stale room list does not undo a read the client already made', () => {
    let s = markViewed(state({ open: true }));
    s = applyRoomList(s, [room()]);
    expect(r(s).unread).toBe(0);
    expect(r(s).room.lastReadSeq).toBe(10);
  });

  it('clears the count of a room the user is no longer a member of', () => {
    const s = applyRoomList(state(), [room({ myRole: null, lastReadSeq: 0, unreadCount: 0 })]);
    expect(r(s).unread).toBe(0);
  });
});

describe('markViewed', () => {
  it('marks the open room read up to its last seq when the user looks at it', () => {
    const s = markViewed(state({ open: true }));
    expect(r(s).unread).toBe(0);
    expect(r(s).room.lastReadSeq).toBe(10);
  });

  it('remembers the marker from before the room was opened, for the new-messages divider', () => {
    let s = markViewed(state({ open: true }));
    expect(r(s).openedReadSeq).toBe(8);
    s = markViewed(applyFrame(s, created(msg(11)), 0));
    expect(r(s).openedReadSeq).toBe(8);
  });

  it('leaves a hidden tab unread, and a read room alone', () => {
    const hidden = state({ open: true, attentive: false });
    expect(markViewed(hidden)).toBe(hidden);
    const read = markViewed(state({ open: true }));
    expect(markViewed(read)).toBe(read);
  });

  it('leaves rooms that are not open alone', () => {
    const s = state();
    expect(markViewed(s)).toBe(s);
  });
});

describe('totals and labels', () => {
  it('adds up unmuted rooms for the title', () => {
    const s = state({ rooms: [room(), room({ id: OTHER_ROOM, name: 'random', unreadCount: 5, muted: true })] });
    expect(totalUnread(s)).toBe(2);
    expect(documentTitle('Parley', totalUnread(s))).toBe('(2) Parley');
    expect(documentTitle('Parley', 0)).toBe('Parley');
  });

  it('shows the cap as 999+', () => {
    expect(unreadLabel(999)).toBe('999');
    expect(unreadLabel(UNREAD_CAP)).toBe('999+');
  });
});

describe('mention counts', () => {
  it('starts from the mention count the room list reports', () => {
    expect(r(state({ rooms: [room({ mentionCount: 1 })] })).room.mentionCount).toBe(1);
  });

  it('counts a live message naming me, or @here/@all, apart from plain unread messages', () => {
    let s = applyFrame(state(), created(msg(11, { mentions: [me.id] })), 0);
    s = applyFrame(s, created(msg(12, { mentionsAll: 'here' })), 0);
    s = applyFrame(s, created(msg(13, { mentions: ['00000000-0000-4000-8000-0000000000cc'] })), 0);
    expect(r(s).unread).toBe(5);
    expect(r(s).room.mentionCount).toBe(2);
  });

  it('counts mentions in a muted room too', () => {
    const s = applyFrame(state({ rooms: [room({ muted: true })] }), created(msg(11, { mentions: [me.id] })), 0);
    expect(r(s).room.mentionCount).toBe(1);
  });

  it('never counts my own message as mentioning me', () => {
    const s = applyFrame(state(), created(msg(11, { sender: meRef, mentionsAll: 'all' })), 0);
    expect(r(s).room.mentionCount).toBe(0);
  });

  it('clears mentions when the room is viewed or read elsewhere', () => {
    const s = applyFrame(state({ rooms: [room({ mentionCount: 2 })] }), created(msg(11, { mentions: [me.id] })), 0);
    expect(r(markViewed({ ...s, activeRoomId: ROOM })).room.mentionCount).toBe(0);
    expect(r(applyFrame(s, membership(11, 0, false, 0), 0)).room.mentionCount).toBe(0);
  });

  it('keeps a held mention after a marker that moved on elsewhere', () => {
    let s = applyFrame(state(), created(msg(11, { mentions: [me.id] })), 0);
    s = applyFrame(s, membership(10, 0, false, 0), 0);
    expect(r(s).room.mentionCount).toBe(1);
  });

  it('takes the larger count for the same marker', () => {
    const s = applyFrame(state(), membership(8, 2, false, 1), 0);
    expect(r(s).room.mentionCount).toBe(1);
  });
});
