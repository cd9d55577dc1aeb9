import {
  AdminUser,
  AdminUsersPage,
  PasswordResetAnswer,
  type AdminUsersQuery,
  type PasswordResetBody,
  type UpdateAdminUserBody,
} from '@parley/protocol';
import { apiRequest } from '../../../api/http';

const userPath = (userId: string) => `/api/admin/users/${encodeURIComponent(userId)}`;

/** Who the list shows: everyone, instance admins only, or disabled accounts only. */
export type AdminUsersFilter = AdminUsersQuery['filter'];

/** One page of accounts, oldest first; `cursor` is the previous page's `nextCursor`. */
export function fetchAdminUsers(q: string, filter: AdminUsersFilter, cursor?: string): Promise<AdminUsersPage> {
  const params = new URLSearchParams({ filter });
  if (q.trim()) params.set('q', q.trim());
  if (cursor) params.set('cursor', cursor);
  return apiRequest(`/api/admin/users?${params.toString()}`, { schema: AdminUsersPage });
}

/** Disables/enables an account or makes it an instance admin or not; answers the account as it is now. */
export function updateAdminUser(userId: string, body: UpdateAdminUserBody): Promise<AdminUser> {
  return apiRequest(userPath(userId), { method: 'PATCH', body, schema: AdminUser });
}

/** Creates a one-time reset link or a temporary password; the secret in the answer is never shown again. */
export function resetUserPassword(userId: string, mode: PasswordResetBody['mode']): Promise<PasswordResetAnswer> {
  return apiRequest(`${userPath(userId)}/password-reset`, { method: 'POST', body: { mode }, schema: PasswordResetAnswer });
}
