import type { CreateRoomBody, Invite, Room } from '@parley/protocol';
import { createInvite, createRoom, deleteRoom, joinRoom, leaveRoom, listMembers, setRoomMuted } from '../api/rooms';
import type { ChatController } from './chat-controller';
import { applyMembershipState, removeRoom, upsertRoom } from './chat-reducer';
import { updateRoom } from './chat-state';

/** REST room commands that also update the model and the socket's subscriptions. */

export async function createAndFollow(ctrl: ChatController, body: Partial<CreateRoomBody> & { name: string }): Promise<Room> {
  const room = await createRoom(body);
  ctrl.commit((s) => upsertRoom(s, room));
  ctrl.subscribeMissing();
  return room;
}

/** Joins over REST, then subscribes from the seq the join answered with, so nothing is missed or doubled. */
export async function joinAndFollow(ctrl: ChatController, roomId: string, inviteCode?: string): Promise<Room> {
  const room = await joinRoom(roomId, inviteCode);
  ctrl.commit((s) => upsertRoom(s, room));
  ctrl.subscribeMissing();
  return room;
}

export async function leave(ctrl: ChatController, roomId: string): Promise<void> {
  await leaveRoom(roomId);
  ctrl.commit((s) => {
    const r = s.rooms[roomId];
    if (!r || r.room.visibility === 'private') return removeRoom(s, roomId);
    return updateRoom(s, roomId, (x) => ({ ...x, subscribed: false, unread: 0, room: { ...x.room, myRole: null, unreadCount: 0 } }));
  });
}

export async function remove(ctrl: ChatController, roomId: string): Promise<void> {
  await deleteRoom(roomId);
  ctrl.commit((s) => removeRoom(s, roomId));
}

export async function loadMembers(ctrl: ChatController, roomId: string): Promise<void> {
  const members = await listMembers(roomId);
  ctrl.commit((s) => updateRoom(s, roomId, (r) => ({ ...r, members })));
}

/** Mutes or unmutes the room's notifications for this user, on every device (membership.updated). */
export async function setMuted(ctrl: ChatController, roomId: string, muted: boolean): Promise<void> {
  const state = await setRoomMuted(roomId, muted);
  ctrl.commit((s) => applyMembershipState(s, state));
}

export function invite(roomId: string): Promise<Invite> {
  return createInvite(roomId);
}
