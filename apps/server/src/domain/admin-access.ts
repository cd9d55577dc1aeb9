import type { Authenticated } from './accounts.js';
import { isInstanceAdmin } from './audit.js';
import { DomainError } from './errors.js';

/** Every route of the admin console is under this path. */
const ADMIN_PREFIX = '/api/admin/';

/** True for a route pattern of the admin console (`/api/admin/users/:userId`…). */
export function isAdminRoute(route: string): boolean {
  return route.startsWith(ADMIN_PREFIX);
}

/**
 * Who may use the admin console: an instance admin, signed in. Anyone else gets `not_found`, so
 * the console is not advertised; an admin's personal access token gets `insufficient_scope`: a
 * leaked script token must never be able to disable accounts or delete rooms.
 */
export function requireAdminConsole(auth: Pick<Authenticated, 'user' | 'scopes'>): void {
  if (!isInstanceAdmin(auth.user)) throw new DomainError('not_found', 'Not found');
  if (auth.scopes) throw new DomainError('insufficient_scope', 'Access tokens cannot use the admin console; sign in instead');
}
