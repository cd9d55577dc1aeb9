import { CloseCode } from '@parley/protocol';
import type { Connection } from './connection.js';

/** Closes, with 4401, this instance's sockets signed in with one of these sessions (or access tokens as `pat:<id>`). */
export function closeRevokedSessions(connections: Iterable<Connection>, sessionIds: ReadonlySet<string>): void {
  for (const conn of connections) {
    if (conn.sessionId !== undefined && sessionIds.has(conn.sessionId)) conn.close(CloseCode.unauthenticated, 'session revoked');
  }
}
