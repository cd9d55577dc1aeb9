/**
 * Questions asked of a database snapshot, in SQL every engine reads alike. Each engine's module
 * runs them inside the same snapshot it dumps, so the answers describe exactly what the archive holds.
 */

/** Every blob the snapshot refers to: attachment files and thumbnails, and avatars. */
export const REFERENCED_BLOBS_SQL = `
  select sha256 as h from attachments
  union select thumb_sha256 from attachments where thumb_sha256 is not null
  union select avatar_small from users where avatar_small is not null
  union select avatar_large from users where avatar_large is not null`;

/** The newest migration applied: names start with a zero-padded number, so they sort by age. */
export const LATEST_MIGRATION_SQL = 'select name from kysely_migration order by name desc limit 1';

/** Whether the migrations table exists: a database Parley never opened has none and no migration. */
export const MIGRATION_TABLE = 'kysely_migration';

/** Quotes a table name read from the catalogue, so counting `select count(*)` cannot be steered by a name. */
export function quoteIdent(name: string, quote: '"' | '`' = '"'): string {
  return quote + name.split(quote).join(quote + quote) + quote;
}

/** What a snapshot holds, for the manifest and for checking a restore. */
export interface SnapshotFacts {
  tables: Record<string, number> | null;
  migration: string | null;
  /** Blob hashes the snapshot refers to; null when they cannot be read from the same snapshot. */
  referencedBlobs: Set<string> | null;
}
