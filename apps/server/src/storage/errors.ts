/** True for a unique-constraint failure in SQLite, PostgreSQL or MySQL/MariaDB. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  // better-sqlite3 reports SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; PostgreSQL SQLSTATE 23505; mysql2 ER_DUP_ENTRY (1062).
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505' || code === 'ER_DUP_ENTRY';
}

/**
 * The database cannot be reached right now (refused, dropped, restarting, out of connections).
 * Callers answer `unavailable` and keep going: the pool reconnects by itself once it is back.
 */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The database is unavailable', { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** Socket-level failures Node reports when the database host or its connection is gone. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** SQLSTATEs that mean "not now" rather than "wrong query": shutdown, starting up, too many connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/**
 * mysql2's codes for the same: the socket closed under a query (PROTOCOL_*), a query sent on a
 * connection already dead, the server shutting down or out of connections.
 */
const MYSQL_UNAVAILABLE_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_CONNECTION_KILLED',
]);
// pg reports a dropped or never-made connection by message only, without a code.
// mysql2 answers a query on a connection that has closed with "Can't add new command when connection is in closed state".
const CONNECTION_MESSAGE = /connection terminated|not queryable|timeout exceeded when trying to connect|connection (?:refused|reset)|connection is in closed state/i;

/** True when `err` says the database is unreachable, as opposed to a bad query or a constraint. */
export function isConnectionFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  if (err instanceof StorageUnavailableError) return true;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (MYSQL_UNAVAILABLE_CODES.has(code)) return true;
    // SQLite waited busy_timeout for the write lock and gave up.
    if (code === 'SQLITE_BUSY') return true;
  }
  // Node wraps a refused dual-stack connect (IPv4 and IPv6 both tried) in an AggregateError.
  if (Array.isArray(errors) && errors.some(isConnectionFailure)) return true;
  return typeof message === 'string' && CONNECTION_MESSAGE.test(message);
}

/** Rethrows `err` as StorageUnavailableError when it is a connection failure, unchanged otherwise. */
export function translateStorageError(err: unknown): never {
  if (err instanceof StorageUnavailableError || !isConnectionFailure(err)) throw err;
  throw new StorageUnavailableError(err);
}
