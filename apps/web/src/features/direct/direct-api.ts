import { Room } from '@parley/protocol';
import { apiRequest } from '../../api/http';
import { listMembers } from '../../api/rooms';
import { navigate, roomPath } from '../../lib/router';
import type { ChatController } from '../../ws/chat-controller';
import { upsertRoom } from '../../ws/chat-reducer';
import { isMember } from '../../ws/chat-state';
import { isDirect } from './direct-name';
import { mergePeople, type Person } from './people';

/**
 * Opens the direct conversation with these people (the caller is added by the server), creating it
 * if they have none yet: the server answers the existing one when it exists. The conversation joins the
 * model and the socket follows it, then the view switches to it.
 */
export async function openDirect(ctrl: ChatController, userIds: readonly string[]): Promise<Room> {
  const room = await apiRequest('/api/direct', { method: 'POST', body: { userIds }, schema: Room });
  ctrl.commit((s) => upsertRoom(s, room));
  ctrl.subscribeMissing();
  navigate(roomPath(room.id));
  return room;
}

/** Rooms whose member lists are fetched side by side while collecting people. */
const PARALLEL = 4;

/**
 * Everyone the caller shares a room or conversation with: the member lists already loaded, plus those of
 * the other rooms, read now. Parley has no user directory on purpose (a user is visible to those who
 * share a room with them), so this is the set of people one can message.
 */
export async function findPeople(ctrl: ChatController, signal: { aborted: boolean }): Promise<Person[]> {
  const state = ctrl.store.get();
  const rooms = Object.values(state.rooms).filter(isMember);
  const lists: Person[][] = rooms.map((r) => (isDirect(r.room) ? (r.room.directMembers ?? []).map((user) => ({ user })) : (r.members ?? []).map((m) => ({ user: m.user }))));
  const toLoad = rooms.filter((r) => !isDirect(r.room) && !r.members).map((r) => r.room.id);
  for (let i = 0; i < toLoad.length && !signal.aborted; i += PARALLEL) {
    const batch = await Promise.allSettled(toLoad.slice(i, i + PARALLEL).map((id) => listMembers(id)));
    for (const result of batch) if (result.status === 'fulfilled') lists.push(result.value.map((m) => ({ user: m.user })));
  }
  return mergePeople(lists, state.me.id);
}
