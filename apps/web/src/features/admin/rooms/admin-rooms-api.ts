import { AdminRoom, AdminRoomsPage, type AdminRoomsQuery } from '@parley/protocol';
import { apiRequest } from '../../../api/http';

const roomPath = (roomId: string) => `/api/admin/rooms/${encodeURIComponent(roomId)}`;

/** Which conversations the list shows: rooms, direct conversations, or both. */
export type AdminRoomsType = AdminRoomsQuery['type'];

/** One page of live rooms, most recently active first; `cursor` is the previous page's `nextCursor`. */
export function fetchAdminRooms(q: string, type: AdminRoomsType, cursor?: string): Promise<AdminRoomsPage> {
  const params = new URLSearchParams({ type });
  if (q.trim()) params.set('q', q.trim());
  if (cursor) params.set('cursor', cursor);
  return apiRequest(`/api/admin/rooms?${params.toString()}`, { schema: AdminRoomsPage });
}

/** Deletes a room as its owner would: members see it go at once. */
export function deleteAdminRoom(roomId: string): Promise<undefined> {
  return apiRequest(roomPath(roomId), { method: 'DELETE', schema: undefined });
}

/** Makes a current member the owner (`member_not_found` otherwise); the old owner becomes an admin. */
export function transferAdminRoom(roomId: string, userId: string): Promise<AdminRoom> {
  return apiRequest(`${roomPath(roomId)}/transfer`, { method: 'POST', body: { userId }, schema: AdminRoom });
}
