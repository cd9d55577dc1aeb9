import type { Message, Room, User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { applyFrame, applyRoomList } from '../../ws/chat-reducer';
import { initialChatState } from '../../ws/chat-state';
import type { OutboxItem } from '../../ws/outbox';
import { replyPreviewOf, setReplyTo } from './reply-draft';

const ROOM = '00000000-0000-4000-8000-000000000001';
const me: User = { id: '00000000-0000-4000-8000-0000000000aa', username: 'me', displayName: 'Me', bio: '', statusText: '', createdAt: '2025-01-01T00:00:00.000Z' };
const bo = { id: '00000000-0000-4000-8000-0000000000bb', username: 'bo', displayName: 'Bo' };
// Cast: the fixture names only the fields these rules read, so new Room fields do not break it.
const room = { id: ROOM, name: 'general', description: '', visibility: 'public', createdAt: '2025-01-01T00:00:00.000Z', lastSeq: 3, memberCount: 2, onlineCount: 1, myRole: 'member', lastReadSeq: 3, unreadCount: 0, muted: false } as Room;

const message = (extra: Partial<Message> = {}): Message => ({
  id: '00000000-0000-4000-8000-000000000003',
  roomId: ROOM,
  seq: 3,
  kind: 'text',
  body: '我们的数据库\n挂了',
  event: null,
  sender: bo,
  clientMsgId: 'c',
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});

describe('replyPreviewOf', () => {
  it('quotes the sender and the body on one line', () => {
    expect(replyPreviewOf(message())).toEqual({ id: message().id, seq: 3, sender: bo, excerpt: '我们的数据库 挂了', kind: 'text', deleted: false });
  });

  it('cuts a long body to 140 code points, counting an emoji as one', () => {
    const excerpt = replyPreviewOf(message({ body: '😀'.repeat(200) })).excerpt;
    expect([...excerpt]).toHaveLength(140);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('quotes nothing of a deleted message', () => {
    expect(replyPreviewOf(message({ body: '', deletedAt: '2025-01-02T00:00:00.000Z' }))).toMatchObject({ excerpt: '', deleted: true });
  });
});

describe('the reply draft', () => {
  it('is kept per room until cancelled', () => {
    let s = applyRoomList(initialChatState(me, []), [room]);
    s = setReplyTo(s, ROOM, replyPreviewOf(message()));
    expect(s.rooms[ROOM]!.replyTo?.seq).toBe(3);
    s = setReplyTo(s, ROOM, undefined);
    expect(s.rooms[ROOM]!.replyTo).toBeUndefined();
  });

  it('shows the quote on the stand-in of an acknowledged reply', () => {
    const replyTo = replyPreviewOf(message());
    const item: OutboxItem = { clientMsgId: 'r1', roomId: ROOM, kind: 'text', body: 'on it', createdAt: '2025-01-01T00:01:00.000Z', replyTo };
    let s = applyRoomList(initialChatState(me, [item]), [room]);
    s = applyFrame(s, { type: 'message.acked', roomId: ROOM, clientMsgId: 'r1', id: '00000000-0000-4000-8000-000000000004', seq: 4, duplicate: false }, 0);
    expect(s.rooms[ROOM]!.messages.at(-1)).toMatchObject({ seq: 4, body: 'on it', replyTo });
  });
});
