import { Ban, BanList, InviteList, Room, type InviteSummary } from '@parley/protocol';
import { apiRequest } from './http';

const base = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

/** Bans someone from the room, with an optional note for moderators (owner: anyone else; admin: members). */
export function banUser(roomId: string, userId: string, reason: string): Promise<Ban> {
  const body = reason.trim() ? { reason } : {};
  return apiRequest(`${base(roomId)}/bans/${encodeURIComponent(userId)}`, { method: 'PUT', body, schema: Ban });
}

/** Lifts a ban; the user may join again but is not put back. */
export function unbanUser(roomId: string, userId: string): Promise<undefined> {
  return apiRequest(`${base(roomId)}/bans/${encodeURIComponent(userId)}`, { method: 'DELETE', schema: undefined });
}

export async function listBans(roomId: string): Promise<Ban[]> {
  return (await apiRequest(`${base(roomId)}/bans`, { schema: BanList })).bans;
}

/** Live invites (never their codes), newest first. */
export async function listInvites(roomId: string): Promise<InviteSummary[]> {
  return (await apiRequest(`${base(roomId)}/invites`, { schema: InviteList })).invites;
}

export function revokeInvite(roomId: string, inviteId: string): Promise<undefined> {
  return apiRequest(`${base(roomId)}/invites/${encodeURIComponent(inviteId)}`, { method: 'DELETE', schema: undefined });
}

/** Makes a member the owner; the caller becomes an admin. Answers the room as the caller now sees it. */
export function transferOwnership(roomId: string, userId: string): Promise<Room> {
  return apiRequest(`${base(roomId)}/transfer`, { method: 'POST', body: { userId }, schema: Room });
}
