import { sql, type Kysely } from 'kysely';
import type { Progress } from '../cli/progress.js';
import type { AnyDatabase } from '../storage/bulk-database.js';
import { readKeysetPage } from '../storage/bulk-read.js';
import { recordBatch, type TableState } from './resume-state.js';
import { normaliseRow } from './row-values.js';
import type { PlannedTable } from './table-plan.js';

/** Bound parameters per INSERT, well under every engine's limit (SQLite 32766, PostgreSQL and MySQL 65535). */
const MAX_PARAMETERS = 10_000;

export interface CopyContext {
  /** The source, inside its read snapshot. */
  source: Kysely<AnyDatabase>;
  target: Kysely<AnyDatabase>;
  batchSize: number;
  now: () => number;
  /** True once the user asked to stop (Ctrl-C): the copy ends after the batch in flight commits. */
  shouldStop: () => boolean;
}

async function insertRows(trx: Kysely<AnyDatabase>, table: string, columns: number, rows: Array<Record<string, unknown>>): Promise<void> {
  const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  for (let i = 0; i < rows.length; i += perInsert) {
    await trx.insertInto(table).values(rows.slice(i, i + perInsert)).execute();
  }
}

/**
 * Copies one table from where its resume record left off, in keyset batches of the source's
 * primary-key order. Each batch is inserted together with its resume record in one target
 * transaction: an interruption loses at most the batch in flight, and a rerun continues after the
 * last committed one without duplicating a row. `progress` counts the rows this run copies.
 * Returns false when stopped by the user.
 */
export async function copyTable(ctx: CopyContext, planned: PlannedTable, state: TableState, progress: Progress): Promise<boolean> {
  let { lastKey, rowsCopied } = state;
  if (state.done) return true;
  const columns = planned.columns.map((c) => c.name);
  for (;;) {
    if (ctx.shouldStop()) return false;
    const page = await readKeysetPage(ctx.source, planned.table, columns, planned.key, lastKey, ctx.batchSize);
    const rows = page.map((row) => normaliseRow(planned.columns, row));
    const last = rows[rows.length - 1];
    const nextKey = last ? planned.key.map((k) => last[k.name]) : lastKey;
    const done = rows.length < ctx.batchSize;
    const firstBatch = lastKey === undefined;
    await ctx.target.transaction().execute(async (trx) => {
      // A seeded table (instance_settings) takes the source's rows instead of the migration's.
      if (planned.mode === 'replace' && firstBatch) await trx.deleteFrom(planned.table).execute();
      await insertRows(trx, planned.table, columns.length, rows);
      await recordBatch(trx, planned.table, { lastKey: nextKey, rowsCopied: rowsCopied + rows.length, done }, ctx.now());
    });
    lastKey = nextKey;
    rowsCopied += rows.length;
    progress.add(rows.length);
    if (done) return true;
  }
}

/** Rows in a table, for progress totals and the emptiness check. */
export async function countRows(db: Kysely<AnyDatabase>, table: string): Promise<number> {
  const row = await db.selectFrom(table).select(sql<number | string>`count(*)`.as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
