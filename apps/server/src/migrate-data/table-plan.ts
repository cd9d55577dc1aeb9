import type { TableMetadata } from 'kysely';
import type { KeyColumn } from '../storage/bulk-read.js';

/**
 * How a table is copied: `copy` expects the target table empty; `replace` is for tables the
 * migrations seed (instance_settings' one row), whose target rows are replaced by the source's.
 */
export type CopyMode = 'copy' | 'replace';

interface PlanEntry {
  table: string;
  key: string[];
  mode?: CopyMode;
}

/**
 * Every application table, parents before children (foreign keys), with its primary key. A table
 * a new migration adds must be listed here or in SKIPPED: buildPlan refuses to run otherwise, so a
 * migration can never silently leave data behind.
 */
export const TABLE_ORDER: readonly PlanEntry[] = [
  { table: 'users', key: ['id'] },
  { table: 'instance_settings', key: ['id'], mode: 'replace' },
  { table: 'instance_setting_values', key: ['key'] },
  { table: 'stats_samples', key: ['instance_id', 'at'] },
  { table: 'audit_log', key: ['id'] },
  { table: 'refresh_tokens', key: ['id'] },
  { table: 'sessions', key: ['id'] },
  { table: 'access_tokens', key: ['id'] },
  { table: 'password_resets', key: ['id'] },
  { table: 'rooms', key: ['id'] },
  { table: 'room_members', key: ['room_id', 'user_id'] },
  { table: 'room_invites', key: ['code_hash'] },
  { table: 'room_bans', key: ['room_id', 'user_id'] },
  { table: 'webhooks', key: ['id'] },
  { table: 'messages', key: ['id'] },
  { table: 'message_edits', key: ['id'] },
  { table: 'message_reactions', key: ['message_id', 'emoji', 'user_id'] },
  { table: 'message_mentions', key: ['user_id', 'room_id', 'seq'] },
  { table: 'attachments', key: ['id'] },
];

/**
 * Tables deliberately not copied, with the reason. The target builds its own migration history
 * and search index (SQLite's FTS5 tables are filled by the insert triggers of migration 0008).
 */
export const SKIPPED: Readonly<Record<string, string>> = {
  kysely_migration: 'the target runs its own migrations',
  kysely_migration_lock: 'the target runs its own migrations',
  parley_migrate_state: 'this command\'s own resume record',
  messages_fts: 'search index, filled by triggers on the target',
  messages_fts_data: 'search index internals',
  messages_fts_idx: 'search index internals',
  messages_fts_docsize: 'search index internals',
  messages_fts_config: 'search index internals',
};

/** One column as both sides agree on it. */
export interface PlannedColumn {
  name: string;
  /** Stored as an integer: normalised to a JavaScript number on read (PostgreSQL returns int8 as text). */
  isNumber: boolean;
}

export interface PlannedTable {
  table: string;
  mode: CopyMode;
  columns: PlannedColumn[];
  key: KeyColumn[];
}

const NUMERIC_TYPE = /int|serial|numeric|decimal|real|double|float/i;

function describeColumns(meta: TableMetadata): Map<string, PlannedColumn> {
  return new Map(meta.columns.map((c) => [c.name, { name: c.name, isNumber: NUMERIC_TYPE.test(c.dataType) }]));
}

/**
 * The copy plan for two schemas (source and target, both at the latest migration): every table
 * either planned or skipped, the same columns on both sides, column types from introspection.
 * Throws an Error naming what does not fit.
 */
export function buildPlan(source: TableMetadata[], target: TableMetadata[]): PlannedTable[] {
  const listed = new Set([...TABLE_ORDER.map((e) => e.table), ...Object.keys(SKIPPED)]);
  const unknown = [...source, ...target].map((t) => t.name).filter((name) => !listed.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `table(s) ${[...new Set(unknown)].join(', ')} are neither copied nor skipped by migrate-data; ` +
        'add them to apps/server/src/migrate-data/table-plan.ts before migrating (no data was copied)',
    );
  }
  const sourceByName = new Map(source.map((t) => [t.name, t]));
  const targetByName = new Map(target.map((t) => [t.name, t]));
  const plan: PlannedTable[] = [];
  for (const entry of TABLE_ORDER) {
    const from = sourceByName.get(entry.table);
    const to = targetByName.get(entry.table);
    // A table this build's migrations do not create exists on neither side: nothing to copy.
    if (!from && !to) continue;
    if (!from || !to) throw new Error(`table ${entry.table} exists only in the ${from ? 'source' : 'target'}: the two schemas differ`);
    plan.push(planTable(entry, from, to));
  }
  return plan;
}

function planTable(entry: PlanEntry, from: TableMetadata, to: TableMetadata): PlannedTable {
  const sourceColumns = describeColumns(from);
  const targetColumns = describeColumns(to);
  const names = [...sourceColumns.keys()].sort();
  const targetNames = [...targetColumns.keys()].sort();
  if (names.join(',') !== targetNames.join(',')) {
    throw new Error(`table ${entry.table} has columns (${names.join(', ')}) in the source but (${targetNames.join(', ')}) in the target`);
  }
  // Either side storing an integer makes it a number: PostgreSQL's int8 text and SQLite's integer agree.
  // Both maps hold every name: the column lists were just compared equal.
  const columns = names.map((name) => ({ name, isNumber: sourceColumns.get(name)!.isNumber || targetColumns.get(name)!.isNumber }));
  const key = entry.key.map((name) => {
    const column = columns.find((c) => c.name === name);
    if (!column) throw new Error(`table ${entry.table} has no key column ${name}`);
    return { name, isText: !column.isNumber };
  });
  return { table: entry.table, mode: entry.mode ?? 'copy', columns, key };
}
