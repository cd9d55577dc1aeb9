import type { Message, Room, User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { applyDisconnected, applyFrame, applyRoomList, applyStreamMessages } from './chat-reducer';
import { initialChatState, type ChatState } from './chat-state';
import type { OutboxItem } from './outbox';
import { attachment } from '../features/attachments/attachment-fixture';

const ROOM = '00000000-0000-4000-8000-000000000001';
const me: User = { id: '00000000-0000-4000-8000-0000000000aa', username: 'me', displayName: 'Me', bio: '', statusText: '', createdAt: '2025-01-01T00:00:00.000Z' };
const other = { id: '00000000-0000-4000-8000-0000000000bb', username: 'bo', displayName: 'Bo' };
const meRef = { id: me.id, username: me.username, displayName: me.displayName };

const room = (lastSeq: number, extra: Partial<Room> = {}): Room => ({
  id: ROOM,
  name: 'general',
  description: '',
  visibility: 'public',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastSeq,
  memberCount: 2,
  onlineCount: 1,
  myRole: 'member',
  lastReadSeq: 0,
  unreadCount: 0,
  mentionCount: 0,
  type: 'room',
  muted: false,
  ...extra,
});

function msg(seq: number, extra: Partial<Message> = {}): Message {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    roomId: ROOM,
    seq,
    kind: 'text',
    body: `m${seq}`,
    event: null,
    sender: other,
    clientMsgId: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
}

const pending: OutboxItem = { clientMsgId: 'c1', roomId: ROOM, kind: 'text', body: 'hello', createdAt: '2025-01-01T00:00:05.000Z' };

function withRoom(lastSeq = 3, outbox: OutboxItem[] = []): ChatState {
  return applyRoomList(initialChatState(me, outbox), [room(lastSeq)]);
}
const created = (m: Message) => ({ type: 'message.created' as const, message: m });
const r = (s: ChatState) => s.rooms[ROOM]!;

describe('chat reducer', () => {
  it('starts a room stream at the list lastSeq with history to page', () => {
    const s = withRoom(3);
    expect(r(s).streamSeq).toBe(3);
    expect(r(s).hasOlder).toBe(true);
  });

  it('dedupes a replayed message by seq and advances the stream', () => {
    let s = withRoom(3);
    s = applyFrame(s, created(msg(4)), 0);
    s = applyFrame(s, created(msg(4)), 0);
    s = applyFrame(s, created(msg(5)), 0);
    expect(r(s).messages.map((m) => m.seq)).toEqual([4, 5]);
    expect(r(s).streamSeq).toBe(5);
  });

  it('never moves the stream position backwards when a new room list arrives', () => {
    let s = applyFrame(withRoom(3), created(msg(4)), 0);
    s = applyRoomList(s, [room(9)]);
    expect(r(s).streamSeq).toBe(4);
    expect(r(s).messages.map((m) => m.seq)).toEqual([4]);
  });

  it('settles a pending item when its own message.created arrives', () => {
    let s = withRoom(3, [pending]);
    s = applyFrame(s, created(msg(4, { sender: meRef, clientMsgId: 'c1', body: 'hello' })), 0);
    expect(s.outbox).toEqual([]);
    expect(r(s).messages.map((m) => m.body)).toEqual(['hello']);
  });

  it('does not settle on a message by someone else that reuses the clientMsgId', () => {
    const s = applyFrame(withRoom(3, [pending]), created(msg(4, { clientMsgId: 'c1' })), 0);
    expect(s.outbox).toEqual([pending]);
  });

  it('shows an acked message once, before and after its message.created', () => {
    let s = withRoom(3, [pending]);
    s = applyFrame(s, { type: 'message.acked', roomId: ROOM, clientMsgId: 'c1', id: msg(4).id, seq: 4, duplicate: false }, 0);
    expect(s.outbox).toEqual([]);
    expect(r(s).messages.map((m) => [m.seq, m.body])).toEqual([[4, 'hello']]);
    expect(r(s).streamSeq).toBe(3);
    s = applyFrame(s, created(msg(4, { sender: meRef, clientMsgId: 'c1', body: 'hello' })), 0);
    expect(r(s).messages.map((m) => [m.seq, m.body])).toEqual([[4, 'hello']]);
    expect(r(s).streamSeq).toBe(4);
  });

  it('keeps the server copy when a duplicate ack comes after message.created', () => {
    let s = withRoom(3, [pending]);
    const real = msg(4, { sender: meRef, clientMsgId: 'c1', body: 'hello', createdAt: '2025-01-01T00:00:09.000Z' });
    s = applyFrame(s, created(real), 0);
    s = applyFrame(s, { type: 'message.acked', roomId: ROOM, clientMsgId: 'c1', id: real.id, seq: 4, duplicate: true }, 0);
    expect(r(s).messages).toEqual([real]);
  });

  it('stands in an acked image message with its attachments and the sender avatar', () => {
    const avatar = { small: '/api/avatars/' + 'a'.repeat(64), large: '/api/avatars/' + 'b'.repeat(64) };
    const photo: OutboxItem = { ...pending, kind: 'image', body: '', attachments: [attachment('a1')] };
    let s = withRoom(3, [photo]);
    s = { ...s, me: { ...me, avatar } };
    s = applyFrame(s, { type: 'message.acked', roomId: ROOM, clientMsgId: 'c1', id: msg(4).id, seq: 4, duplicate: false }, 0);
    expect(r(s).messages[0]).toMatchObject({ kind: 'image', body: '', attachments: [attachment('a1')], sender: { ...meRef, avatar } });
  });

  it('counts image and file messages as unread, but not system messages', () => {
    let s = applyFrame(withRoom(3), created(msg(4, { kind: 'image', attachments: [attachment('a1')] })), 0);
    s = applyFrame(s, created(msg(5, { kind: 'file', attachments: [attachment('f1', 'file')] })), 0);
    s = applyFrame(s, created(msg(6, { kind: 'system', sender: null, event: { type: 'member.left', user: other } })), 0);
    expect(r(s).unread).toBe(2);
  });

  it('tracks presence from the subscription and its updates', () => {
    let s = applyFrame(withRoom(3), { type: 'room.subscribed', roomId: ROOM, latestSeq: 3, onlineCount: 1, onlineUserIds: [me.id] }, 0);
    s = applyFrame(s, { type: 'presence.updated', roomId: ROOM, onlineCount: 2, online: [other.id], offline: [] }, 0);
    expect(r(s).onlineUserIds).toEqual([me.id, other.id]);
    s = applyFrame(s, { type: 'presence.updated', roomId: ROOM, onlineCount: 1, online: [], offline: [me.id] }, 0);
    expect(r(s).onlineUserIds).toEqual([other.id]);
    expect(r(s).room.onlineCount).toBe(1);
    expect(r(applyDisconnected(s)).subscribed).toBe(false);
  });

  it('counts a live join once and applies a rename', () => {
    let s = withRoom(3);
    s = applyStreamMessages(s, ROOM, [
      msg(4, { kind: 'system', sender: null, event: { type: 'member.joined', user: { ...other, id: '00000000-0000-4000-8000-0000000000cc' } } }),
      msg(5, { kind: 'system', sender: null, event: { type: 'room.updated', by: other, name: 'renamed' } }),
    ]);
    s = applyStreamMessages(s, ROOM, [msg(4, { kind: 'system', sender: null, event: { type: 'member.joined', user: other } })]);
    expect(r(s).room.memberCount).toBe(3);
    expect(r(s).room.name).toBe('renamed');
  });

  it('counts unread messages of other people in rooms that are not open', () => {
    let s = applyFrame(withRoom(3), created(msg(4)), 0);
    s = applyFrame(s, created(msg(5)), 0);
    expect(r(s).unread).toBe(2);
  });

  it('treats an own message (sent from another device) as reading everything before it', () => {
    let s = applyFrame(withRoom(3), created(msg(4)), 0);
    s = applyFrame(s, created(msg(5, { sender: meRef })), 0);
    s = applyFrame(s, created(msg(6)), 0);
    expect(r(s).unread).toBe(1);
    expect(r(s).room.lastReadSeq).toBe(5);
  });

  it('counts a resync page once, even when the live copy of its last message arrives again', () => {
    let s = applyStreamMessages(withRoom(3), ROOM, [msg(4), msg(5), msg(6)]);
    s = applyFrame(s, created(msg(6)), 0);
    expect(r(s).unread).toBe(3);
    expect(r(s).messages.map((m) => m.seq)).toEqual([4, 5, 6]);
  });

  it('does not count the stand-in of an acked send, nor its own message.created', () => {
    let s = withRoom(3, [pending]);
    s = applyFrame(s, { type: 'message.acked', clientMsgId: 'c1', roomId: ROOM, id: msg(4).id, seq: 4, duplicate: false }, 0);
    s = applyFrame(s, created(msg(4, { sender: meRef, clientMsgId: 'c1', body: 'hello' })), 0);
    expect(r(s).unread).toBe(0);
    expect(s.outbox).toEqual([]);
  });

  it('drops a private room when the user is kicked, with a notice', () => {
    let s = applyRoomList(initialChatState(me, []), [room(3, { visibility: 'private' })]);
    s = applyFrame(s, { type: 'room.unsubscribed', roomId: ROOM, reason: 'kicked' }, 0);
    expect(s.rooms[ROOM]).toBeUndefined();
    expect(s.notices.map((n) => n.key)).toEqual(['notice.kicked']);
  });
});
