import { MysqlAdapter, type Kysely } from 'kysely';

/**
 * True when a migration runs on MySQL/MariaDB. Frozen migrations branch on it only where MySQL
 * cannot run the portable statement (partial indexes, PostgreSQL extensions), so the SQLite and
 * PostgreSQL paths, and the schemas they produce, stay exactly as they were.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export function isMysql(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}
