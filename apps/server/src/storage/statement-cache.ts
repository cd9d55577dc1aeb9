import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct statements kept prepared; the app issues a few dozen shapes, bulk imports a few more. */
const MAX_STATEMENTS = 256;

/**
 * Kysely's SQLite driver prepares every query anew, and preparing costs more than running a small
 * statement. This keeps prepared statements by SQL text (least recently used out first). Safe
 * because Parley never streams SQLite results: a statement is never mid-iteration when reused.
 */
export function withStatementCache(db: SqliteDatabase): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql) {
      let stmt = cache.get(sql);
      if (stmt) {
        // Re-insert to mark it most recently used.
        cache.delete(sql);
      } else {
        stmt = db.prepare(sql);
        if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
