import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupError, dialectOfUrl } from './backup-error.js';
import { BLOBS_DIR, JWT_SECRET_NAME } from './manifest.js';
import { countMysqlTables } from './mysql-dump.js';
import { countPostgresTables } from './postgres-dump.js';

/** Left by mkfs at the root of a mounted volume; a data dir that is a fresh volume still counts as empty. */
const IGNORED = new Set(['lost+found']);

async function entriesOf(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => !IGNORED.has(name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Restore writes only into an empty target, so it can never overwrite or mix with live data:
 * for SQLite an empty (or missing) data dir and no database file; for PostgreSQL and MySQL a
 * database without tables, and a data dir without uploads or a JWT secret.
 */
export async function checkTargetEmpty(databaseUrl: string, dataDir: string, displayUrl: string): Promise<void> {
  const dialect = dialectOfUrl(databaseUrl);
  if (dialect === 'sqlite') {
    const entries = await entriesOf(dataDir);
    if (entries.length > 0) {
      const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
      throw new BackupError(`the data dir ${dataDir} is not empty (${shown}); restore only into an empty or new folder (--data-dir <dir>)`);
    }
    const file = databaseUrl.slice('sqlite:'.length);
    if (existsSync(file)) throw new BackupError(`a database already exists at ${file}; restore only into an empty target`);
    return;
  }
  const tables = dialect === 'postgres' ? await countPostgresTables(databaseUrl) : await countMysqlTables(databaseUrl);
  if (tables > 0) throw new BackupError(`the database ${displayUrl} already has ${tables} table(s); restore only into an empty database`);
  const leftovers = (await entriesOf(dataDir)).filter((name) => name === JWT_SECRET_NAME || name === BLOBS_DIR);
  const blobs = leftovers.includes(BLOBS_DIR) ? (await entriesOf(join(dataDir, BLOBS_DIR))).filter((n) => n !== 'tmp') : [];
  if (leftovers.includes(JWT_SECRET_NAME) || blobs.length > 0) {
    throw new BackupError(`the data dir ${dataDir} already holds ${blobs.length > 0 ? 'uploads' : 'a jwt-secret'}; restore only into an empty data dir (--data-dir <dir>)`);
  }
}
