import type { Message, Room, User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { applyRoomList } from '../../ws/chat-reducer';
import { initialChatState, type ChatState } from '../../ws/chat-state';
import { shouldNotify, type NotifyPermission } from './should-notify';

const ROOM = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const me: User = { id: '00000000-0000-4000-8000-0000000000aa', username: 'me', displayName: 'Me', bio: '', statusText: '', createdAt: '2025-01-01T00:00:00.000Z' };
const bo = { id: '00000000-0000-4000-8000-0000000000bb', username: 'bo', displayName: 'Bo' };

const room = (extra: Partial<Room> = {}): Room => ({
  id: ROOM,
  name: 'general',
  description: '',
  visibility: 'public',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastSeq: 5,
  memberCount: 2,
  onlineCount: 1,
  myRole: 'member',
  lastReadSeq: 5,
  unreadCount: 0,
  mentionCount: 0,
  type: 'room',
  muted: false,
  ...extra,
});
const msg = (extra: Partial<Message> = {}): Message => ({
  id: '00000000-0000-4000-8000-000000000006',
  roomId: ROOM,
  seq: 6,
  kind: 'text',
  body: 'hi',
  event: null,
  sender: bo,
  clientMsgId: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});

const allowed: NotifyPermission = { enabled: true, permission: 'granted' };
function state({ active, attentive = true, r = room() }: { active?: string; attentive?: boolean; r?: Room } = {}): ChatState {
  return { ...applyRoomList(initialChatState(me, [], attentive), [r, room({ id: OTHER, name: 'other' })]), activeRoomId: active };
}

describe('shouldNotify', () => {
  it('notifies for someone else’s message in a room that is not open', () => {
    expect(shouldNotify(msg(), state({ active: OTHER }), allowed)).toBe(true);
    expect(shouldNotify(msg(), state(), allowed)).toBe(true);
  });

  it('notifies for the open room while the tab is hidden or unfocused', () => {
    expect(shouldNotify(msg(), state({ active: ROOM, attentive: false }), allowed)).toBe(true);
  });

  it('stays quiet for the room the user is looking at', () => {
    expect(shouldNotify(msg(), state({ active: ROOM }), allowed)).toBe(false);
  });

  it('stays quiet for muted rooms', () => {
    expect(shouldNotify(msg(), state({ r: room({ muted: true }) }), allowed)).toBe(false);
  });

  it('notifies for a mention of me even in a muted room', () => {
    const muted = state({ r: room({ muted: true }) });
    expect(shouldNotify(msg({ mentions: [me.id] }), muted, allowed)).toBe(true);
    expect(shouldNotify(msg({ mentionsAll: 'here' }), muted, allowed)).toBe(true);
    expect(shouldNotify(msg({ mentionsAll: 'all' }), muted, allowed)).toBe(true);
  });

  it('stays quiet in a muted room for a mention of someone else', () => {
    expect(shouldNotify(msg({ mentions: [bo.id] }), state({ r: room({ muted: true }) }), allowed)).toBe(false);
  });

  it('stays quiet for a mention the user is looking at or has read', () => {
    expect(shouldNotify(msg({ mentions: [me.id] }), state({ active: ROOM, r: room({ muted: true }) }), allowed)).toBe(false);
    expect(shouldNotify(msg({ mentions: [me.id], seq: 5 }), state({ r: room({ muted: true }) }), allowed)).toBe(false);
  });

  it('notifies for a direct message', () => {
    const direct = room({ type: 'direct', name: '', visibility: 'private', directMembers: [bo, { id: me.id, username: 'me', displayName: 'Me' }] });
    expect(shouldNotify(msg(), state({ r: direct, active: OTHER }), allowed)).toBe(true);
  });

  it('stays quiet for own and system messages', () => {
    expect(shouldNotify(msg({ sender: { id: me.id, username: 'me', displayName: 'Me' } }), state(), allowed)).toBe(false);
    expect(shouldNotify(msg({ kind: 'system', sender: null, event: { type: 'member.joined', user: bo } }), state(), allowed)).toBe(false);
  });

  it('stays quiet for messages already read on another device', () => {
    expect(shouldNotify(msg({ seq: 5 }), state(), allowed)).toBe(false);
  });

  it('stays quiet for rooms the user only previews', () => {
    expect(shouldNotify(msg(), state({ r: room({ myRole: null }) }), allowed)).toBe(false);
  });

  it('stays quiet unless the user opted in and the browser granted permission', () => {
    expect(shouldNotify(msg(), state(), { enabled: false, permission: 'granted' })).toBe(false);
    expect(shouldNotify(msg(), state(), { enabled: true, permission: 'default' })).toBe(false);
    expect(shouldNotify(msg(), state(), { enabled: true, permission: 'denied' })).toBe(false);
  });
});
