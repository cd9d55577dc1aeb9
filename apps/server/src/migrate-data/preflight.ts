import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { CliError } from '../cli/cli-error.js';
import type { AnyDatabase } from '../storage/bulk-database.js';
import type { PlannedTable } from './table-plan.js';

/**
 * Refuses a database whose schema is not exactly this build's: the copy is column for column, so
 * an older source must first be migrated by its server, and a newer one copied by its own version.
 */
export function checkSchema(side: 'source' | 'target', applied: string[], known: string[]): void {
  if (applied.length === 0) throw new CliError(`the ${side} is not a Parley database (it has no migration history)`);
  const newer = applied.filter((name) => !known.includes(name));
  if (newer.length > 0) {
    throw new CliError(`the ${side} was written by a newer Parley (migration ${newer[0]} is unknown here): run migrate-data of that version`);
  }
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length > 0) {
    throw new CliError(
      `the ${side} is at schema ${applied[applied.length - 1]} but this Parley expects ${known[known.length - 1]}: ` +
        'start this version of the server on it once (it migrates at start) and stop it, then run migrate-data again',
    );
  }
}

/**
 * Identifies the source database (not its contents, which a live server may change): its oldest
 * accounts' ids and creation times. Two Parley databases never share random account ids, so a
 * resume against a different source is refused.
 */
export async function sourceFingerprint(source: Kysely<AnyDatabase>): Promise<string> {
  const oldest = await source.selectFrom('users').select(['id', 'created_at']).orderBy('created_at').orderBy('id').limit(3).execute();
  const identity = oldest.map((u) => [String(u.id), Number(u.created_at)]);
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** The first planned table holding rows, or undefined when the target is empty (seeded tables aside). */
export async function firstNonEmptyTable(target: Kysely<AnyDatabase>, plan: PlannedTable[]): Promise<string | undefined> {
  for (const { table, mode } of plan) {
    if (mode === 'replace') continue;
    const row = await target.selectFrom(table).select(sql<number>`1`.as('one')).limit(1).executeTakeFirst();
    if (row) return table;
  }
  return undefined;
}

/** Deletes every copied row from the target, children first, for `--restart`. */
export async function wipeTarget(target: Kysely<AnyDatabase>, plan: PlannedTable[]): Promise<void> {
  for (const { table, mode } of [...plan].reverse()) {
    if (mode === 'copy') await target.deleteFrom(table).execute();
  }
}
