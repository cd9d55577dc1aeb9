import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { migrations } from '../storage/migrations/index.js';
import { extractAndVerify } from './archive.js';
import { BackupError, dialectOfUrl } from './backup-error.js';
import { BLOBS_DIR, DATABASE_MEMBER, JWT_SECRET_NAME, type Manifest } from './manifest.js';
import { inspectMysql, restoreMysql } from './mysql-dump.js';
import { restorePostgres } from './postgres-dump.js';
import { SILENT, type ProgressSink } from './progress-sink.js';
import { inspectSqlite } from './sqlite-snapshot.js';
import { checkTargetEmpty } from './restore-target.js';

export interface RestoreOptions {
  archive: string;
  /** Resolved target database URL. */
  databaseUrl: string;
  dataDir: string;
  /** The target URL with its password hidden, for messages. */
  displayUrl: string;
  progress?: ProgressSink;
}

export interface RestoreSummary {
  manifest: Manifest;
  tables: Record<string, number>;
}

/** Moves a file or folder into place; across file systems, copies then removes. */
async function move(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await cp(from, to, { recursive: true, errorOnExist: true, force: false });
    await rm(from, { recursive: true, force: true });
  }
}

function checkCompatible(manifest: Manifest, targetUrl: string): void {
  const target = dialectOfUrl(targetUrl);
  if (manifest.dialect !== target) {
    throw new BackupError(
      `this is a backup of a ${manifest.dialect} database and the target is ${target}; restore puts a backup back into the engine it came from. ` +
        `To move to ${target}: restore into SQLite in an empty data dir first, then run parley migrate-data --from sqlite:<file> --to <url>`,
    );
  }
  if (manifest.migration !== null && !(manifest.migration in migrations)) {
    throw new BackupError(`the backup's schema (${manifest.migration}) is newer than this Parley knows; upgrade Parley (backup made by ${manifest.parleyVersion}) and restore again`);
  }
  if (!(DATABASE_MEMBER[manifest.dialect] in manifest.files)) throw new BackupError('the archive has no database in it');
}

/** Row counts must match the manifest exactly; anything else means the restore is not the backup. */
function checkCounts(manifest: Manifest, tables: Record<string, number>): void {
  if (manifest.tables === null) return;
  for (const [name, expected] of Object.entries(manifest.tables)) {
    if (tables[name] !== expected) {
      throw new BackupError(`the restored table ${name} has ${tables[name] ?? 'no'} rows but the backup recorded ${expected}; the restore is incomplete`);
    }
  }
}

async function restoreDatabase(manifest: Manifest, staging: string, options: RestoreOptions): Promise<Record<string, number>> {
  const dump = join(staging, DATABASE_MEMBER[manifest.dialect]);
  if (manifest.dialect === 'sqlite') {
    const file = options.databaseUrl.slice('sqlite:'.length);
    await move(dump, file);
    // Password hashes and every message: readable by the server's user only, as the archive was.
    await chmod(file, 0o600);
    return inspectSqlite(file).tables ?? {};
  }
  if (manifest.dialect === 'postgres') return (await restorePostgres(options.databaseUrl, dump)).tables ?? {};
  await restoreMysql(options.databaseUrl, dump);
  return (await inspectMysql(options.databaseUrl)).tables;
}

/**
 * Restores `archive` into an empty target: checks the target, unpacks beside it and verifies every
 * member's SHA-256 before anything is written to the target, then places uploads and the secret,
 * and the database last, and checks its row counts against the manifest.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreSummary> {
  const { archive, dataDir, progress = SILENT } = options;
  if (!existsSync(archive)) throw new BackupError(`${archive} does not exist`);
  await checkTargetEmpty(options.databaseUrl, dataDir, options.displayUrl);
  await mkdir(dirname(dataDir), { recursive: true });
  // Beside the data dir so placing the files is a rename on the same disk; 0700 from mkdtemp.
  const staging = await mkdtemp(join(dirname(dataDir), '.parley-restore-'));
  try {
    const manifest = await extractAndVerify(archive, staging, progress);
    checkCompatible(manifest, options.databaseUrl);
    await checkTargetEmpty(options.databaseUrl, dataDir, options.displayUrl); // again: time passed while verifying
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (existsSync(join(staging, BLOBS_DIR))) {
      progress.stage(`placing uploads into ${join(dataDir, BLOBS_DIR)}`);
      await rm(join(dataDir, BLOBS_DIR), { recursive: true, force: true }); // at most an empty tmp/, checked above
      await move(join(staging, BLOBS_DIR), join(dataDir, BLOBS_DIR));
    }
    if (manifest.includesJwtSecret) {
      await move(join(staging, JWT_SECRET_NAME), join(dataDir, JWT_SECRET_NAME));
      await chmod(join(dataDir, JWT_SECRET_NAME), 0o600);
    }
    progress.stage(`restoring the ${manifest.dialect} database`);
    const tables = await restoreDatabase(manifest, staging, options);
    checkCounts(manifest, tables);
    return { manifest, tables };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
