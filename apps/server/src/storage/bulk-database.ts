import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, sql } from 'kysely';
import { createDialect, type DialectName } from './dialect.js';
import { migrationProvider } from './migrations/index.js';

/**
 * Untyped access to every table, for `parley migrate-data`: it copies tables it discovers by
 * introspection, so it cannot use the app's typed schema. Dialect-specific SQL for it lives here
 * and in bulk-read.ts, as everywhere else in storage/.
 */
export type AnyDatabase = Record<string, Record<string, unknown>>;

/** A raw handle on one database, for whole-table work (copy, checksums). */
export interface BulkDatabase {
  db: Kysely<AnyDatabase>;
  dialect: DialectName;
  /** The SQLite file, for the live-server check; undefined on server engines. */
  sqliteFile: string | undefined;
  close(): Promise<void>;
}

/** Opens `url` (`sqlite:<file>`, `postgres://…`, or any URL createDialect knows) without migrating. */
export async function openBulkDatabase(url: string, { mustExist }: { mustExist: boolean }): Promise<BulkDatabase> {
  const sqliteFile = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : undefined;
  // Opening a missing SQLite file would silently create an empty database.
  if (sqliteFile !== undefined && mustExist && !existsSync(sqliteFile)) throw new Error(`no SQLite database at ${sqliteFile}`);
  if (sqliteFile !== undefined && !mustExist) mkdirSync(dirname(sqliteFile), { recursive: true });
  const { name, dialect } = await createDialect(url, () => undefined);
  const db = new Kysely<AnyDatabase>({ dialect });
  return { db, dialect: name, sqliteFile, close: () => db.destroy() };
}

/** The migrations this build has, oldest first. */
export async function knownMigrations(): Promise<string[]> {
  return Object.keys(await migrationProvider.getMigrations()).sort();
}

/** Names of the migrations a database has run, oldest first; empty when it has no migration table. */
export async function appliedMigrations(db: Kysely<AnyDatabase>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute();
  return rows.map((r) => String(r.name));
}

/** Brings a database to the latest schema, as the server does at start. */
export async function migrateToLatest(db: Kysely<AnyDatabase>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
}

/**
 * Signs that a server still uses the database: on SQLite a non-empty write-ahead log (a cleanly
 * stopped server checkpoints and deletes it), on PostgreSQL other sessions on the same database.
 * Returns a sentence for the user, or undefined when nothing suggests one.
 */
export async function describeLiveUse(bulk: BulkDatabase): Promise<string | undefined> {
  if (bulk.sqliteFile !== undefined) {
    const wal = `${bulk.sqliteFile}-wal`;
    const size = existsSync(wal) ? statSync(wal).size : 0;
    return size > 0 ? `${wal} holds ${size} bytes not yet checkpointed (a server has it open, or stopped uncleanly)` : undefined;
  }
  const query =
    bulk.dialect === 'postgres'
      ? sql<{ n: number | string }>`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
      : sql<{ n: number | string }>`select count(*) as n from information_schema.processlist where db = database() and id <> connection_id()`;
  const { rows } = await query.execute(bulk.db);
  const others = Number(rows[0]?.n ?? 0);
  return others > 0 ? `${others} other connection(s) are open on the database` : undefined;
}

/**
 * Runs `fn` in one read transaction, so every table is read from the same snapshot even if a
 * server writes meanwhile (WAL readers on SQLite, REPEATABLE READ on the server engines).
 */
export async function inReadSnapshot<T>(bulk: BulkDatabase, fn: (trx: Kysely<AnyDatabase>) => Promise<T>): Promise<T> {
  const builder = bulk.dialect === 'sqlite' ? bulk.db.transaction() : bulk.db.transaction().setIsolationLevel('repeatable read');
  return builder.execute(fn);
}

/**
 * After rows were inserted with explicit keys, moves every PostgreSQL sequence (serial/identity
 * columns) past the largest key. SQLite and MySQL continue from the largest key by themselves.
 */
export async function resetSequences(bulk: BulkDatabase): Promise<string[]> {
  if (bulk.dialect !== 'postgres') return [];
  const { rows } = await sql<{ table_name: string; column_name: string; seq: string }>`
    select c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) as seq
    from information_schema.columns c
    where c.table_schema = current_schema() and pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) is not null
  `.execute(bulk.db);
  for (const r of rows) {
    await sql`select setval(${r.seq}, coalesce((select max(${sql.ref(r.column_name)}) from ${sql.table(r.table_name)}), 0) + 1, false)`.execute(bulk.db);
  }
  return rows.map((r) => `${r.table_name}.${r.column_name}`);
}

/**
 * Checks that full-text search will answer on the copied rows. SQLite's FTS5 index is filled by the
 * insert triggers of migration 0008 (non-system messages only) in each batch's own transaction, so
 * there is nothing to rebuild; its integrity check fails loudly if it is damaged. PostgreSQL's
 * trigram index, like every other index, is maintained by the engine.
 */
export async function checkSearchIndex(bulk: BulkDatabase): Promise<void> {
  if (bulk.dialect !== 'sqlite') return;
  await sql`insert into messages_fts(messages_fts) values ('integrity-check')`.execute(bulk.db);
}

/** Refreshes planner statistics after a bulk load (MySQL needs the tables named). */
export async function analyzeDatabase(bulk: BulkDatabase, tables: string[]): Promise<void> {
  if (bulk.dialect === 'sqlite' || bulk.dialect === 'postgres') await sql`analyze`.execute(bulk.db);
  else if (tables.length > 0) await sql`analyze table ${sql.join(tables.map((t) => sql.table(t)))}`.execute(bulk.db);
}
