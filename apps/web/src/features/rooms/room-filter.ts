import { isMember, type RoomState } from '../../ws/chat-state';

/**
 * Folds case and width, so "GENERAL", "general" and full-width "ｇｅｎｅｒａｌ" are one word; NFKC also
 * maps half-width katakana and compatibility forms. Chinese has no case and passes through unchanged.
 */
export function normalizeName(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase().trim();
}

/** A room matches when its name contains the query; an empty query matches everything. */
export function matchesRoom(r: RoomState, query: string): boolean {
  const q = normalizeName(query);
  return q === '' || normalizeName(r.room.name).includes(q);
}

const byName = (a: RoomState, b: RoomState) => a.room.name.localeCompare(b.room.name);

/** The sidebar's two lists, filtered and sorted by name. */
export function sidebarLists(rooms: readonly RoomState[], query: string): { mine: RoomState[]; discover: RoomState[] } {
  const shown = rooms.filter((r) => matchesRoom(r, query));
  return { mine: shown.filter(isMember).sort(byName), discover: shown.filter((r) => !isMember(r)).sort(byName) };
}

export interface SwitcherEntry {
  room: RoomState;
  section: 'mine' | 'discover';
}

/**
 * The switcher's list: the user's rooms first, then public rooms to preview. Within each, names that
 * start with the query come before names that merely contain it; among the user's rooms unread ones
 * come first, the likely destination of a quick jump.
 */
export function switcherEntries(rooms: readonly RoomState[], query: string): SwitcherEntry[] {
  const q = normalizeName(query);
  const prefix = (r: RoomState) => (q !== '' && normalizeName(r.room.name).startsWith(q) ? 0 : 1);
  const unread = (r: RoomState) => (r.unread > 0 && !r.room.muted ? 0 : 1);
  const { mine, discover } = sidebarLists(rooms, query);
  mine.sort((a, b) => prefix(a) - prefix(b) || unread(a) - unread(b) || byName(a, b));
  discover.sort((a, b) => prefix(a) - prefix(b) || byName(a, b));
  return [...mine.map((room) => ({ room, section: 'mine' as const })), ...discover.map((room) => ({ room, section: 'discover' as const }))];
}

/**
 * The room Alt+Up/Down moves to: the previous or next of the user's rooms in sidebar order, wrapping
 * around; with `unreadOnly` (Alt+Shift) it skips rooms with nothing unread. Undefined when there is
 * nowhere to go.
 */
export function adjacentRoomId(rooms: readonly RoomState[], activeId: string | undefined, step: 1 | -1, unreadOnly = false): string | undefined {
  const mine = sidebarLists(rooms, '').mine;
  const at = mine.findIndex((r) => r.room.id === activeId);
  for (let i = 1; i <= mine.length; i++) {
    // From no room at all, Down starts at the top and Up at the bottom.
    const index = at === -1 ? (step === 1 ? i - 1 : mine.length - i) : (at + step * i + mine.length * i) % mine.length;
    const r = mine[index];
    if (!r || r.room.id === activeId) continue;
    if (!unreadOnly || r.unread > 0) return r.room.id;
  }
  return undefined;
}
