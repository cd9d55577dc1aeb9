import type { AdminRoom, Member, UserRef } from '@parley/protocol';
import { isApiError } from '../../../api/api-error';

/**
 * Who a room can be handed to. A private room's member list is hidden from an admin who is not a
 * member (`room_not_found`), so the dialog then falls back to picking any user and lets the server
 * check membership (`member_not_found`).
 */
export type Candidates = { kind: 'members'; members: UserRef[] } | { kind: 'pick-user' };

/** The members other than the current owner, or "pick a user" when the list is not ours to read. */
export async function transferCandidates(room: AdminRoom, listMembers: (roomId: string) => Promise<Member[]>): Promise<Candidates> {
  try {
    const members = await listMembers(room.id);
    return { kind: 'members', members: members.filter((m) => m.role !== 'owner' && m.user.id !== room.owner?.id).map((m) => m.user) };
  } catch (err) {
    if (isApiError(err, 'room_not_found') || isApiError(err, 'not_room_member')) return { kind: 'pick-user' };
    throw err;
  }
}

/** A room's name as the list shows it: direct conversations have none of their own. */
export function adminRoomLabel(room: AdminRoom, directLabel: string): string {
  return room.type === 'direct' && !room.name.trim() ? directLabel : room.name;
}
