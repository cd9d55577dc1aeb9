import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AnyDatabase } from './bulk-database.js';
import type { DialectName } from './dialect.js';

/** A primary-key column and whether it holds text (text keys need a byte-order collation to compare across engines). */
export interface KeyColumn {
  name: string;
  isText: boolean;
}

/**
 * `k1 >= v1 and ((k1 > v1) or (k1 = v1 and k2 > v2) or …)`: keyset paging in portable SQL. The
 * redundant leading range lets every engine start its primary-key index scan at v1.
 */
function afterKey(key: KeyColumn[], values: unknown[]): RawBuilder<boolean> {
  const branches = key.map((column, i) => {
    const equal = key.slice(0, i).map((k, j) => sql`${sql.ref(k.name)} = ${values[j]}`);
    return sql`(${sql.join([...equal, sql`${sql.ref(column.name)} > ${values[i]}`], sql` and `)})`;
  });
  const [first] = key;
  if (!first) throw new Error('a keyset needs at least one key column');
  return sql<boolean>`(${sql.ref(first.name)} >= ${values[0]} and (${sql.join(branches, sql` or `)}))`;
}

/**
 * The next `limit` rows of `table` after `after` (a key's values), in the engine's own primary-key
 * order. The order only has to be stable on this one engine: the copy resumes on the same source.
 */
export async function readKeysetPage(
  db: Kysely<AnyDatabase>,
  table: string,
  columns: string[],
  key: KeyColumn[],
  after: unknown[] | undefined,
  limit: number,
): Promise<Array<Record<string, unknown>>> {
  let query = db.selectFrom(table).select(columns.map((c) => sql.ref(c).as(c)));
  if (after) query = query.where(afterKey(key, after));
  for (const k of key) query = query.orderBy(sql.ref(k.name));
  return query.limit(limit).execute();
}

/** A key column ordered by code point on every engine, so two engines list a table in the same order. */
function byteOrder(dialect: DialectName, column: KeyColumn): RawBuilder<unknown> {
  if (!column.isText || dialect === 'sqlite') return sql`${sql.ref(column.name)}`; // SQLite's BINARY collation is byte order
  if (dialect === 'postgres') return sql`${sql.ref(column.name)} collate "C"`;
  return sql`${sql.ref(column.name)} collate utf8mb4_bin`;
}

/**
 * Hands every row of `table` to `onChunk` in code-point order of its primary key, in one pass (one
 * sort): a cursor on PostgreSQL (inside the caller's transaction, or one of its own), the driver's
 * streaming elsewhere. Used for checksums, which must see rows in the same order on both sides.
 */
export async function forEachInKeyOrder(
  db: Kysely<AnyDatabase>,
  dialect: DialectName,
  table: string,
  columns: string[],
  key: KeyColumn[],
  onChunk: (rows: Array<Record<string, unknown>>) => void,
  chunk = 2000,
): Promise<void> {
  let query = db.selectFrom(table).select(columns.map((c) => sql.ref(c).as(c)));
  for (const k of key) query = query.orderBy(byteOrder(dialect, k));
  if (dialect === 'postgres') {
    const selectSql = query.compile().sql;
    if (db.isTransaction) await postgresCursor(db, selectSql, onChunk, chunk);
    // A cursor lives in a transaction.
    else await db.transaction().execute((trx) => postgresCursor(trx, selectSql, onChunk, chunk));
    return;
  }
  let rows: Array<Record<string, unknown>> = [];
  for await (const row of query.stream(chunk)) {
    rows.push(row);
    if (rows.length >= chunk) {
      onChunk(rows);
      rows = [];
    }
  }
  if (rows.length > 0) onChunk(rows);
}

async function postgresCursor(
  trx: Kysely<AnyDatabase>,
  selectSql: string,
  onChunk: (rows: Array<Record<string, unknown>>) => void,
  chunk: number,
): Promise<void> {
  await sql`declare parley_bulk_cursor no scroll cursor for ${sql.raw(selectSql)}`.execute(trx);
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`fetch forward ${sql.raw(String(chunk))} from parley_bulk_cursor`.execute(trx);
    if (rows.length === 0) break;
    onChunk(rows);
  }
  await sql`close parley_bulk_cursor`.execute(trx);
}
