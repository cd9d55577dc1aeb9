import type { Room } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { newRoomState } from '../../ws/chat-state';
import { directList } from './direct-list';

const me = { id: 'u-me', username: 'me', displayName: 'Me' };
const user = (id: string, displayName: string) => ({ id, username: id, displayName });

const room = (id: string, extra: Partial<Room> = {}): Room => ({
  id,
  type: 'direct',
  name: '',
  description: '',
  visibility: 'private',
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

const ROOMS = [
  newRoomState(room('d1', { directMembers: [me, user('z', 'Zoe')] })),
  newRoomState(room('d2', { directMembers: [me, user('a', 'Alice'), user('w', '王伟')] })),
  newRoomState(room('r1', { type: 'room', name: 'Alpha', visibility: 'public' })),
  newRoomState(room('d3', { myRole: null, directMembers: [user('x', 'Xavier'), user('y', 'Yan')] })),
];
const ids = (list: ReturnType<typeof directList>) => list.map((r) => r.room.id);

describe('the sidebar’s direct conversations', () => {
  it('lists only direct conversations I am in, by their names', () => {
    expect(ids(directList(ROOMS, '', me, ', '))).toEqual(['d2', 'd1']);
  });

  it('filters by any of the other people’s names, Chinese included', () => {
    expect(ids(directList(ROOMS, 'zo', me, ', '))).toEqual(['d1']);
    expect(ids(directList(ROOMS, '王', me, ', '))).toEqual(['d2']);
    expect(ids(directList(ROOMS, 'alpha', me, ', '))).toEqual([]);
  });
});
