import type { Member, RoomRole } from '@parley/protocol';

const RANK: Record<RoomRole, number> = { owner: 0, admin: 1, member: 2 };

/** Online first, then owner, admins, members, then by name in the reader's language. */
export function sortMembers(members: readonly Member[], isOnline: (m: Member) => boolean, locale?: string): Member[] {
  return [...members].sort(
    (a, b) =>
      Number(isOnline(b)) - Number(isOnline(a)) ||
      RANK[a.role] - RANK[b.role] ||
      a.user.displayName.localeCompare(b.user.displayName, locale),
  );
}

export interface MemberPermissions {
  promote: boolean;
  demote: boolean;
  remove: boolean;
  /** Remove and keep out (even with an invite), by the same rule as remove. */
  ban: boolean;
}

/**
 * What `myRole` may do to `target`, mirroring the server: only the owner changes roles; the owner
 * removes or bans anyone else, an admin removes or bans plain members; nobody acts on the owner or on
 * themselves.
 */
export function permissionsOver(myRole: RoomRole | null, myId: string, target: Member): MemberPermissions {
  const none = { promote: false, demote: false, remove: false, ban: false };
  if (target.user.id === myId || target.role === 'owner') return none;
  if (myRole === 'owner') return { promote: target.role === 'member', demote: target.role === 'admin', remove: true, ban: true };
  if (myRole === 'admin') return { ...none, remove: target.role === 'member', ban: target.role === 'member' };
  return none;
}
