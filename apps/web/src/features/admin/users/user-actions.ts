import type { AdminUser } from '@parley/protocol';

/** What an admin can do to an account from its row. */
export type UserAction = 'disable' | 'enable' | 'promote' | 'demote' | 'reset-password';

/**
 * The actions a row offers. An admin's own row offers none: the server refuses to disable or demote
 * yourself (`cannot_modify_self`), and your own password is changed in your profile, knowing the old one.
 */
export function userActions(user: AdminUser, meId: string): UserAction[] {
  if (user.id === meId) return [];
  return [user.disabled ? 'enable' : 'disable', user.isAdmin ? 'demote' : 'promote', 'reset-password'];
}

/**
 * The full address of a reset link. The server answers a path (`/reset-password#<token>`); anything
 * that would leave this origin is refused rather than shown to be copied.
 */
export function resetLinkUrl(origin: string, link: string): string {
  const url = new URL(link, origin);
  if (url.origin !== new URL(origin).origin || url.pathname !== '/reset-password' || url.hash.length < 2) {
    throw new Error('unexpected reset link');
  }
  return url.href;
}
