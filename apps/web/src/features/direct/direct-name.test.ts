import type { Room } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { conversationName, directPeers, isDirect } from './direct-name';

const me = { id: 'u-me', username: 'me', displayName: 'Me' };
const alice = { id: 'u-a', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u-b', username: 'bob', displayName: '小明' };

const room = (extra: Partial<Room> = {}): Room => ({
  id: 'r1',
  type: 'room',
  name: 'general',
  description: '',
  visibility: 'public',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastSeq: 0,
  memberCount: 2,
  onlineCount: 0,
  myRole: 'member',
  lastReadSeq: 0,
  unreadCount: 0,
  mentionCount: 0,
  muted: false,
  ...extra,
});
const dm = (members = [me, alice, bob]) => room({ type: 'direct', name: '', visibility: 'private', directMembers: members });

describe('conversation names', () => {
  it('names a room by its name', () => {
    expect(isDirect(room())).toBe(false);
    expect(conversationName(room(), me)).toBe('general');
  });

  it('names a direct conversation by the other people, never by me', () => {
    expect(isDirect(dm())).toBe(true);
    expect(directPeers(dm(), me.id)).toEqual([alice, bob]);
    expect(conversationName(dm(), me)).toBe('Alice, 小明');
    expect(conversationName(dm(), me, '、')).toBe('Alice、小明');
  });

  it('falls back to my own name when nobody else is left', () => {
    expect(conversationName(dm([me]), me)).toBe('Me');
  });
});
