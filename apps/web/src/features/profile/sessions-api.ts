import { RevokeAllSessionsResult, SessionList, type SessionInfo } from '@parley/protocol';
import { apiRequest } from '../../api/http';

/** The caller's signed-in devices (`GET /api/me/sessions`). */
export async function listSessions(): Promise<SessionInfo[]> {
  return (await apiRequest('/api/me/sessions', { schema: SessionList })).sessions;
}

/** Signs one device out; its sockets close and its tokens stop working at once. */
export function revokeSession(id: string): Promise<undefined> {
  return apiRequest(`/api/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE', schema: undefined });
}

/** "Log out everywhere else" (`includeCurrent` false) or "log out everywhere" (true). */
export async function revokeAllSessions(includeCurrent: boolean): Promise<number> {
  return (await apiRequest('/api/me/sessions/revoke-all', { method: 'POST', body: { includeCurrent }, schema: RevokeAllSessionsResult })).revoked;
}
