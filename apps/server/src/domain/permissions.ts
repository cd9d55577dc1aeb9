import type { RoomRole } from '@parley/protocol';

/** Owners and admins edit the room's name and description and create invites. */
export function canManageRoom(role: RoomRole): boolean {
  return role === 'owner' || role === 'admin';
}

/** Only the owner deletes a room. */
export function canDeleteRoom(role: RoomRole): boolean {
  return role === 'owner';
}

/** Only the owner promotes and demotes, and never the owner's own role. */
export function canSetRole(actor: RoomRole, target: RoomRole): boolean {
  return actor === 'owner' && target !== 'owner';
}

/** The owner kicks anyone but the owner; an admin kicks plain members only. */
export function canKick(actor: RoomRole, target: RoomRole): boolean {
  if (target === 'owner') return false;
  if (actor === 'owner') return true;
  return actor === 'admin' && target === 'member';
}

/** The owner cannot simply walk away from a room: they delete it (transfer comes with moderation). */
export function canLeave(role: RoomRole): boolean {
  return role !== 'owner';
}
