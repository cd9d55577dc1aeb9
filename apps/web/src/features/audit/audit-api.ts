import { AuditPage, Me, type AuditAction } from '@parley/protocol';
import { apiRequest } from '../../api/http';

/** Whose log a dialog shows: one room's (its owner) or the whole instance's (instance admins). */
export type AuditScope = { kind: 'room'; roomId: string } | { kind: 'instance'; action?: AuditAction };

const PAGE_SIZE = 50;

/** One page of the log, newest first; `before` is the last entry id of the previous page. */
export function fetchAuditPage(scope: AuditScope, before?: string): Promise<AuditPage> {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (before) params.set('before', before);
  if (scope.kind === 'instance' && scope.action) params.set('action', scope.action);
  const path = scope.kind === 'room' ? `/api/rooms/${encodeURIComponent(scope.roomId)}/audit` : '/api/admin/audit';
  return apiRequest(`${path}?${params.toString()}`, { schema: AuditPage });
}

/** The caller's own profile, which alone carries `isAdmin`. */
export function fetchMe(): Promise<Me> {
  return apiRequest('/api/me', { schema: Me });
}
