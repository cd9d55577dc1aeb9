import Database from 'better-sqlite3';
import { LATEST_MIGRATION_SQL, MIGRATION_TABLE, REFERENCED_BLOBS_SQL, quoteIdent, type SnapshotFacts } from './snapshot-queries.js';

/** Bigger than any page count: the whole copy runs as one step, inside one read transaction. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the live database at `liveFile` into `dest` with SQLite's online backup API, from a
 * connection of our own. Why one step: SQLite restarts a stepwise backup whenever another
 * connection writes, which under a steady write load could never finish; a single step is one read
 * transaction, and in WAL mode readers never block the server's writer, so the copy is the
 * database as of one instant while the server keeps writing.
 */
export async function snapshotSqlite(liveFile: string, dest: string): Promise<void> {
  const db = new Database(liveFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(dest, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
}

/** Tables of Parley's own, leaving out SQLite's internals and full-text index shadow tables. */
function userTables(db: Database.Database): string[] {
  const rows = db.prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string; sql: string | null }[];
  const virtual = rows.filter((r) => /^create virtual table/i.test(r.sql ?? '')).map((r) => r.name);
  return rows
    .map((r) => r.name)
    .filter((name) => !virtual.includes(name) && !virtual.some((v) => name.startsWith(`${v}_`)))
    .sort();
}

/** Row counts, newest migration and referenced blobs of a SQLite file (a snapshot, or a restored copy). */
export function inspectSqlite(file: string): SnapshotFacts {
  const db = new Database(file, { fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the SQLite file ${file} is damaged: ${String(check)}`);
    const names = userTables(db);
    const tables: Record<string, number> = {};
    for (const name of names) tables[name] = (db.prepare(`select count(*) as n from ${quoteIdent(name)}`).get() as { n: number }).n;
    const migration = names.includes(MIGRATION_TABLE) ? ((db.prepare(LATEST_MIGRATION_SQL).get() as { name: string } | undefined)?.name ?? null) : null;
    const hasBlobs = names.includes('attachments') && names.includes('users');
    const referencedBlobs = new Set(hasBlobs ? (db.prepare(REFERENCED_BLOBS_SQL).all() as { h: string }[]).map((r) => r.h) : []);
    return { tables, migration, referencedBlobs };
  } finally {
    db.close();
  }
}
