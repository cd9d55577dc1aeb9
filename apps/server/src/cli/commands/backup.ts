import { resolve } from 'node:path';
import { createBackup, type BackupSummary } from '../../backup/create-backup.js';
import { JWT_SECRET_NAME } from '../../backup/manifest.js';
import { parleyVersion } from '../../backup/parley-version.js';
import { manualPostgresCommands } from '../../backup/postgres-dump.js';
import { resolveDatabaseUrl } from '../../storage/db.js';
import { formatBytes, progressOn, toCliError } from '../backup-io.js';
import { ExitCode } from '../cli-error.js';
import { noMorePositionals, requirePositional, type Command, type CliIo } from '../command.js';
import { displayDatabaseUrl, loadCliConfig } from '../context.js';

const HELP = `Usage: parley backup <file.tar.gz> [--no-uploads] [--force]

Writes a consistent backup of a running Parley into one gzip tar archive: the database
(SQLite: online backup API; PostgreSQL: pg_dump; MySQL/MariaDB: mysqldump), the uploads
that the database refers to, and the JWT secret kept in the data dir. The server keeps
serving meanwhile. The archive is written to <file>.partial and renamed when complete.

The archive holds password hashes and maybe the JWT secret: it is created with mode 0600;
store it as carefully as the data dir itself.

Options:
  --no-uploads  leave the uploaded files out (database and secret only)
  --force       overwrite <file> if it exists

Settings (data dir, database URL) come from config/config.yaml and PARLEY_* variables,
as for the server. Restore with \`parley restore <file>\`.

Example:
  parley backup /var/backups/parley-$(date +%F).tar.gz
`;

function printSummary(io: CliIo, { manifest, dest, bytes }: BackupSummary): void {
  const t = manifest.tables;
  const counts = t ? `${t.users ?? 0} users, ${t.rooms ?? 0} rooms, ${t.messages ?? 0} messages` : 'row counts not recorded (MySQL)';
  const blobs = Object.entries(manifest.files).filter(([p]) => p.startsWith('blobs/'));
  const blobBytes = blobs.reduce((sum, [, f]) => sum + f.size, 0);
  io.out(
    [
      `backup written: ${dest} (${formatBytes(bytes)})`,
      `  database:   ${manifest.dialect}, schema ${manifest.migration ?? '(none)'}, ${counts}`,
      `  uploads:    ${manifest.includesUploads ? `${blobs.length} files, ${formatBytes(blobBytes)}` : 'not included (--no-uploads)'}`,
      `  jwt-secret: ${manifest.includesJwtSecret ? 'included: keep this archive secret' : 'not in the data dir (configured elsewhere); not included'}`,
      '',
    ].join('\n'),
  );
  if (manifest.missingBlobs.length > 0) {
    io.err(
      `parley backup: warning: ${manifest.missingBlobs.length} upload(s) the snapshot names were deleted while the backup ran; ` +
        'after a restore they answer 404, as they would have moments later on the live server (listed in manifest.json, missingBlobs)\n',
    );
  }
}

/** `parley backup <file>`: a consistent online backup (docs/operations.md, "Backup and restore"). */
export const command: Command = {
  name: 'backup',
  summary: 'write a consistent online backup to a .tar.gz',
  help: HELP,
  options: { 'no-uploads': { type: 'boolean' }, force: { type: 'boolean' } },
  async run(args, io) {
    const file = requirePositional(args, 0, 'file');
    noMorePositionals(args, 1);
    const config = loadCliConfig(io);
    const databaseUrl = resolveDatabaseUrl({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const displayUrl = displayDatabaseUrl(config);
    let summary: BackupSummary;
    try {
      summary = await createBackup({
        databaseUrl,
        dataDir: config.dataDir,
        dest: resolve(io.cwd, file),
        includeUploads: args.values['no-uploads'] !== true,
        force: args.values.force === true,
        parleyVersion: parleyVersion(),
        progress: progressOn(io, 'backup'),
      });
    } catch (err) {
      throw toCliError(err, displayUrl, manualPostgresCommands);
    }
    if (config.jwtSecret && summary.manifest.includesJwtSecret) {
      io.err(`parley backup: note: jwtSecret is configured, so the server ignores the ${JWT_SECRET_NAME} file in this backup\n`);
    }
    printSummary(io, summary);
    return ExitCode.ok;
  },
};
