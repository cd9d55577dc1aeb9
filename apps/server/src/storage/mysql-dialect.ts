import { CompiledQuery, MysqlAdapter, MysqlDialect, sql, type DatabaseConnection, type DialectAdapter, type Kysely, type QueryCompiler } from 'kysely';
import { ParleyMysqlQueryCompiler } from './mysql-query-compiler.js';
import type { Database } from './schema.js';

/**
 * The session every pooled connection runs in, set before its first query:
 * - sql_mode is ours, not the server's: strict (bad data fails instead of being truncated),
 *   ANSI_QUOTES and PIPES_AS_CONCAT so portable SQL means the same as on SQLite and PostgreSQL, and
 *   never NO_BACKSLASH_ESCAPES, because mysql2 escapes bound values with backslashes.
 * - READ COMMITTED like PostgreSQL: each statement sees the latest commits, so "lock the room row,
 *   then read" patterns behave the same, and InnoDB takes no gap locks (fewer deadlocks).
 */
const SESSION = [
  "set session sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_ZERO_DATE,NO_ZERO_IN_DATE,ANSI_QUOTES,PIPES_AS_CONCAT'",
  'set session transaction isolation level read committed',
  "set session time_zone = '+00:00'",
];

async function configureSession(connection: DatabaseConnection): Promise<void> {
  for (const statement of SESSION) await connection.executeQuery(CompiledQuery.raw(statement));
}

/**
 * MariaDB answers INSERT … RETURNING and DELETE … RETURNING (10.5+) with rows; Kysely's MySQL
 * adapter says it cannot and would drop them. UPDATE … RETURNING does not exist on MariaDB: such a
 * query fails loudly, and the hot path uses mysql-hot-queries.ts instead.
 */
class MariadbAdapter extends MysqlAdapter {
  override get supportsReturning(): boolean {
    return true;
  }
}

class ParleyMysqlDialect extends MysqlDialect {
  override createQueryCompiler(): QueryCompiler {
    return new ParleyMysqlQueryCompiler();
  }

  override createAdapter(): DialectAdapter {
    return new MariadbAdapter();
  }
}

/** True when `db` runs on MySQL/MariaDB: for the few queries that must be written differently there. */
export function isMysqlDb(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

/** True for the URL schemes the MySQL/MariaDB dialect answers to. */
export function isMysqlUrl(url: string): boolean {
  return url.startsWith('mysql://') || url.startsWith('mariadb://');
}

/** A pooled MySQL/MariaDB dialect for `mysql://` or `mariadb://` (same wire protocol, one driver). */
export async function createMysqlDialect(url: string, onPoolError: (err: Error) => void): Promise<MysqlDialect> {
  const { createPool } = await import('mysql2');
  const pool = createPool({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: 10,
    // A bounded connect wait: with the database unreachable a request fails as `unavailable` instead of hanging.
    connectTimeout: 5000,
    // The handshake sets utf8mb4 for the connection; the binary collation matches the tables'.
    charset: 'UTF8MB4_BIN',
    timezone: 'Z',
    // BIGINT (epoch millis, counts) as strings, as pg returns int8: the repositories read them via toMillis/Number.
    supportBigNumbers: true,
    bigNumberStrings: true,
    enableKeepAlive: true,
  });
  // A connection killed while idle emits 'error'; mysql2 drops it from the pool, this keeps it off the process.
  pool.on('connection', (connection) => connection.on('error', onPoolError));
  return new ParleyMysqlDialect({ pool, onCreateConnection: configureSession });
}

interface ServerFacts {
  version: string;
  charset: string;
  database: string | null;
}

/**
 * Refuses a server or database Parley cannot run on, with the fix in the message: MariaDB before
 * 10.6 (and MySQL, which lacks DELETE … RETURNING), or a database whose default is not utf8mb4.
 */
export async function checkMysqlServer(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<ServerFacts>`select version() as version, @@character_set_database as charset, database() as "database"`.execute(db);
  const facts = rows[0];
  if (!facts) throw new Error('database: MySQL/MariaDB answered no server facts');
  const mariadb = /^(\d+)\.(\d+)\.\d+-MariaDB/i.exec(facts.version);
  if (!mariadb || Number(mariadb[1]) * 100 + Number(mariadb[2]) < 1006) {
    throw new Error(`database: Parley needs MariaDB 10.6 or later (found ${facts.version}); MySQL lacks DELETE … RETURNING`);
  }
  if (facts.charset !== 'utf8mb4') {
    const name = facts.database ?? '<database>';
    throw new Error(`database: ${name} uses character set ${facts.charset}, Parley needs utf8mb4: run ALTER DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  }
}
