import type { UserRef } from '@parley/protocol';
import { isMember, type RoomState } from '../../ws/chat-state';
import { normalizeName } from '../rooms/room-filter';
import { conversationName, isDirect } from './direct-name';

/** The sidebar's direct conversations the user is in, whose names contain the query, by name. */
export function directList(rooms: readonly RoomState[], query: string, me: Pick<UserRef, 'id' | 'displayName'>, separator: string): RoomState[] {
  const q = normalizeName(query);
  const named = rooms.filter((r) => isDirect(r.room) && isMember(r)).map((r) => ({ r, name: conversationName(r.room, me, separator) }));
  return named
    .filter(({ name }) => q === '' || normalizeName(name).includes(q))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ r }) => r);
}
