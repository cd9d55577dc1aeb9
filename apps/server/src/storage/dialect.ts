import { closeSync, openSync } from 'node:fs';
import { PostgresDialect, SqliteDialect, sql, type Dialect, type Kysely } from 'kysely';
import { createMysqlDialect, isMysqlUrl } from './mysql-dialect.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';

/** The storage engines Parley runs on; dialect-specific code branches on this and lives only in storage/. */
export type DialectName = 'sqlite' | 'postgres' | 'mysql';

export interface DialectChoice {
  name: DialectName;
  dialect: Dialect;
}

/** Opens the engine a database URL names. Each driver is imported lazily so SQLite users never load pg. */
export async function createDialect(url: string, onPoolError: (err: Error) => void = () => undefined): Promise<DialectChoice> {
  if (isMysqlUrl(url)) return { name: 'mysql', dialect: await createMysqlDialect(url, onPoolError) };
  if (url.startsWith('sqlite:')) {
    const { default: SQLite } = await import('better-sqlite3');
    const file = url.slice('sqlite:'.length);
    createPrivately(file);
    const db = new SQLite(file);
    // WAL lets readers run beside the single writer; NORMAL sync is durable across process crashes.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return { name: 'sqlite', dialect: new SqliteDialect({ database: withStatementCache(db) }) };
  }
  const pg = await import('pg');
  // A bounded connect wait: with the database unreachable a request fails as `unavailable` instead of hanging.
  const pool = new pg.default.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  // Without a listener, an idle client killed by the server would crash the whole process.
  pool.on('error', onPoolError);
  // The pool listens only to idle clients; one checked out (mid-transaction) that loses its connection
  // would emit an unhandled 'error'. Its query fails anyway and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { name: 'postgres', dialect: new PostgresDialect({ pool }) };
}

/**
 * Creates a new SQLite file as 0600 before SQLite opens it: it holds password hashes and every
 * message, and SQLite gives its -wal and -shm files the database file's mode. An existing file keeps
 * its mode (`parley doctor` warns when others can read it).
 */
function createPrivately(file: string): void {
  if (file === ':memory:' || file === '') return;
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    // EEXIST: an existing database. Anything else (a missing folder) SQLite reports itself on open.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Epoch-millis columns are BIGINT; PostgreSQL returns int8 as a string, so read them through this. */
export function toMillis(value: number | string | null): number | null {
  if (value === null) return null;
  return typeof value === 'number' ? value : Number(value);
}

/** ISO string for a stored epoch-millis value. */
export function toIso(value: number | string): string {
  return new Date(typeof value === 'number' ? value : Number(value)).toISOString();
}

/** A cheap round trip used by readiness checks. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The tables whose statistics steer the hot plans (history, unread counts, search) on MySQL/MariaDB. */
const MYSQL_ANALYZED = sql`analyze table messages, rooms, room_members, message_mentions, message_reactions, attachments`;

/**
 * Refreshes the planner's statistics (ANALYZE on SQLite and PostgreSQL; MySQL needs the tables
 * named). After a bulk import PostgreSQL would otherwise plan on empty-table estimates until
 * autovacuum catches up.
 */
export async function analyze(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  await (dialect === 'mysql' ? MYSQL_ANALYZED : sql`analyze`).execute(db);
}

/** Per engine: the server's clock in epoch millis, and its version string. Exhaustive, so a new engine must say. */
const INSPECT_SQL: Record<DialectName, { time: string; version: string; label: string }> = {
  // SQLite runs in this process, so its clock is ours; asked anyway so the check reads the same everywhere.
  sqlite: { time: "select cast((julianday('now') - 2440587.5) * 86400000 as integer) as v", version: 'select sqlite_version() as v', label: 'SQLite' },
  postgres: { time: 'select floor(extract(epoch from clock_timestamp()) * 1000) as v', version: "select current_setting('server_version') as v", label: 'PostgreSQL' },
  // sysdate(3), not now(3): now() is frozen at the statement's start.
  mysql: { time: 'select floor(unix_timestamp(sysdate(3)) * 1000) as v', version: 'select version() as v', label: 'MySQL/MariaDB' },
};

/** The database server's clock in epoch millis, so `parley doctor` can compare it with this host's. */
export async function databaseTime(db: Kysely<Database>, dialect: DialectName): Promise<number> {
  const { rows } = await sql<{ v: number | string }>`${sql.raw(INSPECT_SQL[dialect].time)}`.execute(db);
  return Number(rows[0]?.v);
}

/** The engine and its own version string, e.g. `PostgreSQL 16.4` or `SQLite 3.46.1`. */
export async function databaseVersion(db: Kysely<Database>, dialect: DialectName): Promise<string> {
  const { rows } = await sql<{ v: string }>`${sql.raw(INSPECT_SQL[dialect].version)}`.execute(db);
  return `${INSPECT_SQL[dialect].label} ${String(rows[0]?.v ?? 'unknown')}`;
}
