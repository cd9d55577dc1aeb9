import type { CreateRoomBody, Invite, Room, SetRoleBody, UpdateRoomBody } from '@parley/protocol';
import { createInvite, createRoom, deleteRoom, joinRoom, kickMember, leaveRoom, listMembers, setMemberRole, setRoomMuted, updateRoomDetails } from '../api/rooms';
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

/**
 * Renames the room or changes its description. The answer updates this client at once; everyone else
 * (and this client again, harmlessly) applies the `room.updated` system message.
 */
export async function updateDetails(ctrl: ChatController, roomId: string, body: UpdateRoomBody): Promise<Room> {
  const room = await updateRoomDetails(roomId, body);
  // Only the edited fields: the answer's lastSeq already counts the system message still on its way.
  ctrl.commit((s) => updateRoom(s, roomId, (r) => ({ ...r, room: { ...r.room, name: room.name, description: room.description } })));
  return room;
}

/** Promotes or demotes a member; the answer is applied at once rather than waiting for the system message. */
export async function changeRole(ctrl: ChatController, roomId: string, userId: string, role: SetRoleBody['role']): Promise<void> {
  const member = await setMemberRole(roomId, userId, role);
  ctrl.commit((s) => updateRoom(s, roomId, (r) => ({ ...r, members: r.members?.map((m) => (m.user.id === userId ? { ...m, role: member.role } : m)) })));
}

/** Removes a member. Counts are left to the `member.kicked` system message, so they drop exactly once. */
export async function kick(roomId: string, userId: string): Promise<void> {
  await kickMember(roomId, userId);
}

/** Mutes or unmutes the room's notifications for this user, on every device (membership.updated). */
export async function setMuted(ctrl: ChatController, roomId: string, muted: boolean): Promise<void> {
  const state = await setRoomMuted(roomId, muted);
  ctrl.commit((s) => applyMembershipState(s, state));
}

export function invite(roomId: string): Promise<Invite> {
  return createInvite(roomId);
}
