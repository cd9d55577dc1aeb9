import {
  HistoryPage,
  Invite,
  Member,
  MemberList,
  MembershipState,
  Room,
  RoomList,
  type CreateRoomBody,
  type SetRoleBody,
  type UpdateRoomBody,
} from '@parley/protocol';
import { apiRequest } from './http';

const base = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

export async function listRooms(): Promise<Room[]> {
  return (await apiRequest('/api/rooms', { schema: RoomList })).rooms;
}

export function createRoom(body: Partial<CreateRoomBody> & { name: string }): Promise<Room> {
  return apiRequest('/api/rooms', { method: 'POST', body, schema: Room });
}

export function joinRoom(roomId: string, inviteCode?: string): Promise<Room> {
  return apiRequest(`${base(roomId)}/join`, { method: 'POST', body: inviteCode ? { inviteCode } : {}, schema: Room });
}

export function leaveRoom(roomId: string): Promise<undefined> {
  return apiRequest(`${base(roomId)}/leave`, { method: 'POST', schema: undefined });
}

export function deleteRoom(roomId: string): Promise<undefined> {
  return apiRequest(base(roomId), { method: 'DELETE', schema: undefined });
}

export async function listMembers(roomId: string) {
  return (await apiRequest(`${base(roomId)}/members`, { schema: MemberList })).members;
}

/** Renames the room or changes its description (owner or admin). */
export function updateRoomDetails(roomId: string, body: UpdateRoomBody): Promise<Room> {
  return apiRequest(base(roomId), { method: 'PATCH', body, schema: Room });
}

/** Makes a member an admin or back (owner only). */
export function setMemberRole(roomId: string, userId: string, role: SetRoleBody['role']): Promise<Member> {
  return apiRequest(`${base(roomId)}/members/${encodeURIComponent(userId)}/role`, { method: 'POST', body: { role }, schema: Member });
}

/** Removes someone from the room (owner: anyone else; admin: members only). */
export function kickMember(roomId: string, userId: string): Promise<undefined> {
  return apiRequest(`${base(roomId)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE', schema: undefined });
}

export function createInvite(roomId: string): Promise<Invite> {
  return apiRequest(`${base(roomId)}/invites`, { method: 'POST', body: {}, schema: Invite });
}

/** Moves the caller's read marker forward to `seq` (the server never moves it back). */
export function markRead(roomId: string, seq: number): Promise<MembershipState> {
  return apiRequest(`${base(roomId)}/read`, { method: 'PUT', body: { seq }, schema: MembershipState });
}

/** Turns the caller's notifications for the room off (`muted`) or back on. */
export function setRoomMuted(roomId: string, muted: boolean): Promise<MembershipState> {
  return apiRequest(`${base(roomId)}/notifications`, { method: 'PUT', body: { muted }, schema: MembershipState });
}

/** A page of history: `before` gives newest first, `after` gives oldest first. */
export function getHistory(roomId: string, cursor: { before: number } | { after: number }, limit = 50): Promise<HistoryPage> {
  const params = new URLSearchParams({ limit: String(limit) });
  if ('before' in cursor) params.set('before', String(cursor.before));
  else params.set('after', String(cursor.after));
  return apiRequest(`${base(roomId)}/messages?${params.toString()}`, { schema: HistoryPage });
}
