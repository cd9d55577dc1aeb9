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

/**
 * Bans follow kicks: the owner bans anyone but the owner, an admin bans plain members. A target who
 * is not a member (`null`: left, kicked, never joined) is banned like a plain member.
 */
export function canBan(actor: RoomRole, target: RoomRole | null): boolean {
  return canKick(actor, target ?? 'member');
}

/** Owners and admins lift bans, list bans and list or revoke invites. */
export function canModerate(role: RoomRole): boolean {
  return canManageRoom(role);
}

/** Only the owner hands the room over. */
export function canTransferOwnership(role: RoomRole): boolean {
  return role === 'owner';
}

/** The one owner cannot walk away from a room: they transfer ownership or delete it first. */
export function canLeave(role: RoomRole): boolean {
  return role !== 'owner';
}
