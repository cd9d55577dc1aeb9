import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { filesUnder, hashFile, writeArchive } from './archive.js';
import { BackupError, dialectOfUrl } from './backup-error.js';
import { listBlobs, stageBlob, unstageBlob } from './blob-staging.js';
import { BACKUP_FORMAT_VERSION, BLOBS_DIR, DATABASE_MEMBER, JWT_SECRET_NAME, MANIFEST_NAME, type BackupDialect, type Manifest } from './manifest.js';
import { dumpMysql, inspectMysql } from './mysql-dump.js';
import { dumpPostgres } from './postgres-dump.js';
import { SILENT, type ProgressSink } from './progress-sink.js';
import type { SnapshotFacts } from './snapshot-queries.js';
import { inspectSqlite, snapshotSqlite } from './sqlite-snapshot.js';

export interface CreateBackupOptions {
  /** Resolved database URL (`sqlite:/abs/file`, `postgres://…`, `mysql://…`). */
  databaseUrl: string;
  dataDir: string;
  dest: string;
  includeUploads: boolean;
  force: boolean;
  parleyVersion: string;
  progress?: ProgressSink;
  now?: () => Date;
}

export interface BackupSummary {
  manifest: Manifest;
  dest: string;
  bytes: number;
}

async function snapshotDatabase(dialect: BackupDialect, url: string, dest: string): Promise<SnapshotFacts> {
  if (dialect === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (!existsSync(file)) throw new BackupError(`there is no database at ${file}: check dataDir / PARLEY_DATABASE_URL`);
    await snapshotSqlite(file, dest);
    return inspectSqlite(dest);
  }
  if (dialect === 'postgres') return dumpPostgres(url, dest);
  await dumpMysql(url, dest);
  return { tables: null, migration: (await inspectMysql(url)).migration, referencedBlobs: null };
}

/**
 * Blobs are staged twice around the snapshot: every blob present before it (so one deleted during
 * the backup is still caught), then any the snapshot names that appeared meanwhile. Blobs the
 * snapshot does not name are dropped again. What is left missing was both created and deleted
 * while the backup ran; it is listed in the manifest.
 */
async function finishBlobs(liveRoot: string, stagingRoot: string, staged: Set<string>, referenced: Set<string> | null): Promise<string[]> {
  const wanted = referenced ?? new Set([...staged, ...(await listBlobs(liveRoot))]);
  const missing: string[] = [];
  for (const h of wanted) {
    if (!staged.has(h) && !(await stageBlob(liveRoot, stagingRoot, h))) missing.push(h);
  }
  for (const h of staged) if (!wanted.has(h)) await unstageBlob(stagingRoot, h);
  return referenced ? missing.sort() : [];
}

async function stageAll(liveRoot: string, stagingRoot: string, progress: ProgressSink): Promise<Set<string>> {
  const staged = new Set<string>();
  const hashes = await listBlobs(liveRoot);
  const bar = progress.counter('uploads', hashes.length);
  for (const h of hashes) {
    if (await stageBlob(liveRoot, stagingRoot, h)) staged.add(h);
    bar.add(1);
  }
  bar.finish();
  return staged;
}

async function checksum(staging: string, members: string[], progress: ProgressSink): Promise<Manifest['files']> {
  let total = 0;
  for (const m of members) total += (await stat(join(staging, m))).size;
  const bar = progress.counter('checksums', total, true);
  const files: Manifest['files'] = {};
  for (const m of members) files[m] = await hashFile(join(staging, m), (n) => bar.add(n));
  bar.finish();
  return files;
}

async function checkDestination(dest: string, force: boolean): Promise<void> {
  const info = await stat(dest).catch(() => undefined);
  if (info?.isDirectory()) throw new BackupError(`${dest} is a folder; name the archive file to write, e.g. ${join(dest, 'parley.tar.gz')}`);
  if (info && !force) throw new BackupError(`${dest} already exists; pass --force to overwrite it`);
  if (!existsSync(dirname(dest))) throw new BackupError(`the folder ${dirname(dest)} does not exist`);
}

/** Takes a consistent online backup into the archive `dest` (see docs/operations.md, "Backup and restore"). */
export async function createBackup(options: CreateBackupOptions): Promise<BackupSummary> {
  const { dataDir, dest, progress = SILENT } = options;
  const dialect = dialectOfUrl(options.databaseUrl);
  await checkDestination(dest, options.force);
  // Beside the archive, not in /tmp: the same disk the archive needs anyway, and hard links from the data dir often work.
  const staging = await mkdtemp(join(dirname(dest), '.parley-backup-'));
  try {
    const liveBlobs = join(dataDir, BLOBS_DIR);
    const stagingBlobs = join(staging, BLOBS_DIR);
    if (options.includeUploads) progress.stage('staging uploads present before the snapshot');
    const staged = options.includeUploads ? await stageAll(liveBlobs, stagingBlobs, progress) : new Set<string>();
    progress.stage(`snapshotting the ${dialect} database`);
    await mkdir(join(staging, 'database'));
    const facts = await snapshotDatabase(dialect, options.databaseUrl, join(staging, DATABASE_MEMBER[dialect]));
    if (options.includeUploads) progress.stage('staging uploads the snapshot uses');
    const missingBlobs = options.includeUploads ? await finishBlobs(liveBlobs, stagingBlobs, staged, facts.referencedBlobs) : [];
    const secret = join(dataDir, JWT_SECRET_NAME);
    if (existsSync(secret)) {
      await copyFile(secret, join(staging, JWT_SECRET_NAME));
      await chmod(join(staging, JWT_SECRET_NAME), 0o600);
    }
    // The database first: a reader streaming the archive meets what it needs most early.
    const rank = (m: string) => (m.startsWith('database/') ? 0 : m === JWT_SECRET_NAME ? 1 : 2);
    const members = (await filesUnder(staging)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const files = await checksum(staging, members, progress);
    const manifest: Manifest = {
      format: 'parley-backup',
      formatVersion: BACKUP_FORMAT_VERSION,
      parleyVersion: options.parleyVersion,
      dialect,
      migration: facts.migration,
      createdAt: (options.now ?? (() => new Date()))().toISOString(),
      tables: facts.tables,
      includesUploads: options.includeUploads,
      includesJwtSecret: JWT_SECRET_NAME in files,
      missingBlobs,
      files,
    };
    await writeFile(join(staging, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    progress.stage(`writing ${dest}`);
    await writeArchive(staging, members, dest);
    return { manifest, dest, bytes: (await stat(dest)).size };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
