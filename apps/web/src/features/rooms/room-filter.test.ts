import type { Room } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { newRoomState, type RoomState } from '../../ws/chat-state';
import { adjacentRoomId, matchesRoom, sidebarLists, switcherEntries, type SwitcherEntry } from './room-filter';

let n = 0;
function room(name: string, extra: Partial<Room> = {}, unread = 0): RoomState {
  n++;
  const r = newRoomState({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name,
    description: '',
    visibility: 'public',
    createdAt: '2025-01-01T00:00:00.000Z',
    lastSeq: 0,
    memberCount: 1,
    onlineCount: 0,
    myRole: 'member',
    lastReadSeq: 0,
    unreadCount: 0,
    mentionCount: 0,
    type: 'room',
    muted: false,
    ...extra,
  });
  return { ...r, unread };
}
const names = (rooms: RoomState[]) => rooms.map((r) => r.room.name);
const entryNames = (entries: SwitcherEntry[]) => names(entries.map((e) => e.room));

describe('room filter', () => {
  it('ignores case and character width', () => {
    expect(matchesRoom(room('General'), 'GEN')).toBe(true);
    expect(matchesRoom(room('General'), 'ｇｅｎ')).toBe(true);
    expect(matchesRoom(room('ＡＢＣ talk'), 'abc')).toBe(true);
    expect(matchesRoom(room('General'), 'random')).toBe(false);
  });

  it('finds Chinese names by any part', () => {
    expect(matchesRoom(room('产品讨论组'), '讨论')).toBe(true);
    expect(matchesRoom(room('产品讨论组'), '设计')).toBe(false);
  });

  it('matches everything with an empty or blank query', () => {
    expect(matchesRoom(room('x'), '  ')).toBe(true);
  });

  it('filters both sidebar lists, each sorted by name', () => {
    const rooms = [room('team-b'), room('team-a'), room('random'), room('team-public', { myRole: null })];
    const { mine, discover } = sidebarLists(rooms, 'team');
    expect(names(mine)).toEqual(['team-a', 'team-b']);
    expect(names(discover)).toEqual(['team-public']);
  });
});

describe('switcher order', () => {
  it('lists my rooms first, unread ones on top, then public rooms', () => {
    const rooms = [room('alpha'), room('beta', {}, 3), room('lobby', { myRole: null }), room('muted', { muted: true }, 5)];
    const entries = switcherEntries(rooms, '');
    expect(entryNames(entries)).toEqual(['beta', 'alpha', 'muted', 'lobby']);
    expect(entries.map((e) => e.section)).toEqual(['mine', 'mine', 'mine', 'discover']);
  });

  it('puts names that start with the query before names that contain it', () => {
    const rooms = [room('big-design', {}, 2), room('design'), room('design-public', { myRole: null }), room('old-design', { myRole: null })];
    expect(entryNames(switcherEntries(rooms, 'des'))).toEqual(['design', 'big-design', 'design-public', 'old-design']);
  });
});

describe('Alt+Up/Down', () => {
  const a = room('a');
  const b = room('b', {}, 2);
  const c = room('c');
  const pub = room('p', { myRole: null });
  const all = [c, pub, a, b];

  it('moves through my rooms in sidebar order and wraps around', () => {
    expect(adjacentRoomId(all, a.room.id, 1)).toBe(b.room.id);
    expect(adjacentRoomId(all, c.room.id, 1)).toBe(a.room.id);
    expect(adjacentRoomId(all, a.room.id, -1)).toBe(c.room.id);
  });

  it('starts at the top or bottom when no room of mine is open', () => {
    expect(adjacentRoomId(all, undefined, 1)).toBe(a.room.id);
    expect(adjacentRoomId(all, pub.room.id, -1)).toBe(c.room.id);
  });

  it('skips read rooms with unreadOnly, and gives up when none is unread', () => {
    expect(adjacentRoomId(all, c.room.id, 1, true)).toBe(b.room.id);
    expect(adjacentRoomId(all, b.room.id, 1, true)).toBeUndefined();
  });
});
