import type { Kysely } from 'kysely';
import type { AnyDatabase } from '../storage/bulk-database.js';

/**
 * The resume record, a table the command keeps in the TARGET (not a numbered migration: it exists
 * only while a copy is unfinished). One row per copied table: the source's fingerprint, the key of
 * the last row committed, and whether the table is complete. Each batch updates its row in the
 * same transaction as the rows it inserts, so after any interruption the record and the data agree.
 */
export const STATE_TABLE = 'parley_migrate_state';

export interface TableState {
  fingerprint: string;
  /** The primary-key values of the last copied row, or undefined before the first batch. */
  lastKey: unknown[] | undefined;
  rowsCopied: number;
  done: boolean;
}

export async function hasState(db: Kysely<AnyDatabase>): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === STATE_TABLE);
}

/**
 * Creates the record (if absent) and a row for each table not yet in it. Rows and table are created
 * before any data is copied; a copy that dies between the two finds the table empty and starts afresh.
 */
export async function createState(db: Kysely<AnyDatabase>, fingerprint: string, tables: string[], now: number): Promise<void> {
  await db.schema
    .createTable(STATE_TABLE)
    .ifNotExists()
    .addColumn('table_name', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('fingerprint', 'varchar(64)', (c) => c.notNull())
    .addColumn('last_key', 'text')
    .addColumn('rows_copied', 'bigint', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  const rows = tables.map((table) => ({ table_name: table, fingerprint, last_key: null, rows_copied: 0, done: 0, updated_at: now }));
  if (rows.length > 0) await db.insertInto(STATE_TABLE).values(rows).execute();
}

export async function readState(db: Kysely<AnyDatabase>): Promise<Map<string, TableState>> {
  const rows = await db.selectFrom(STATE_TABLE).selectAll().execute();
  return new Map(
    rows.map((r) => [
      String(r.table_name),
      {
        fingerprint: String(r.fingerprint),
        lastKey: r.last_key === null ? undefined : (JSON.parse(String(r.last_key)) as unknown[]),
        rowsCopied: Number(r.rows_copied),
        done: Number(r.done) === 1,
      },
    ]),
  );
}

/** Records a committed batch; call inside the batch's transaction. */
export async function recordBatch(trx: Kysely<AnyDatabase>, table: string, state: Omit<TableState, 'fingerprint'>, now: number): Promise<void> {
  await trx
    .updateTable(STATE_TABLE)
    .set({
      last_key: state.lastKey === undefined ? null : JSON.stringify(state.lastKey),
      rows_copied: state.rowsCopied,
      done: state.done ? 1 : 0,
      updated_at: now,
    })
    .where('table_name', '=', table)
    .execute();
}

export async function dropState(db: Kysely<AnyDatabase>): Promise<void> {
  await db.schema.dropTable(STATE_TABLE).ifExists().execute();
}
