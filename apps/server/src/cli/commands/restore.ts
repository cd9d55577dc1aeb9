import { resolve } from 'node:path';
import { manualPostgresCommands } from '../../backup/postgres-dump.js';
import { restoreBackup, type RestoreSummary } from '../../backup/restore-backup.js';
import { resolveDatabaseUrl } from '../../storage/db.js';
import { progressOn, toCliError } from '../backup-io.js';
import { ExitCode, UsageError } from '../cli-error.js';
import { noMorePositionals, requirePositional, type Command, type CliIo } from '../command.js';
import { loadCliConfig, redactUrl } from '../context.js';

const HELP = `Usage: parley restore <file.tar.gz> [--data-dir <dir>] [--database-url <url>]

Restores a \`parley backup\` archive into an EMPTY target, with the server stopped:
  SQLite:           an empty or missing data dir (parley.db, uploads and jwt-secret go there)
  PostgreSQL/MySQL: a database with no tables (create it first), plus the data dir for uploads

Every member's SHA-256 is checked against the archive's manifest before anything is written.
After the database is restored its row counts are compared with the manifest.
A backup goes back into the engine it came from; to move from SQLite to PostgreSQL, restore
into SQLite, then run \`parley migrate-data\`.

Options:
  --data-dir <dir>       target data dir (default: dataDir from the config)
  --database-url <url>   target database (default: databaseUrl from the config, else
                         SQLite at <data dir>/parley.db)

Example:
  parley restore /var/backups/parley-2026-11-24.tar.gz --data-dir /srv/parley/data
`;

function stringOption(args: { values: Record<string, string | boolean | undefined> }, name: string): string | undefined {
  const value = args.values[name];
  if (value === '') throw new UsageError(`--${name} needs a value`);
  return typeof value === 'string' ? value : undefined;
}

function printSummary(io: CliIo, { manifest, tables }: RestoreSummary, dataDir: string, displayUrl: string): void {
  const blobs = Object.keys(manifest.files).filter((p) => p.startsWith('blobs/')).length;
  io.out(
    [
      `restored ${manifest.dialect} backup of ${manifest.createdAt} (Parley ${manifest.parleyVersion}, schema ${manifest.migration ?? '(none)'})`,
      `  database:   ${displayUrl}: ${tables.users ?? 0} users, ${tables.rooms ?? 0} rooms, ${tables.messages ?? 0} messages${manifest.tables ? ', counts match the backup' : ''}`,
      `  data dir:   ${dataDir}: ${blobs} uploads${manifest.includesJwtSecret ? ', jwt-secret' : ''}`,
      'Start the server with this data dir and database.',
      '',
    ].join('\n'),
  );
}

/** `parley restore <file>`: puts a backup back into an empty target. */
export const command: Command = {
  name: 'restore',
  summary: 'restore a backup into an empty data dir / database',
  help: HELP,
  options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' } },
  async run(args, io) {
    const file = requirePositional(args, 0, 'file');
    noMorePositionals(args, 1);
    const config = loadCliConfig(io);
    const dataDirOption = stringOption(args, 'data-dir');
    const urlOption = stringOption(args, 'database-url');
    const dataDir = dataDirOption ? resolve(io.cwd, dataDirOption) : config.dataDir;
    if (urlOption && !/^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/)/.test(urlOption)) {
      throw new UsageError('--database-url must start with sqlite:, postgres://, or mysql://');
    }
    // The target is what a server started with these settings would open: the database URL
    // (option, else config), else SQLite in the (option's, else config's) data dir.
    const target = urlOption?.startsWith('sqlite:') ? `sqlite:${resolve(io.cwd, urlOption.slice('sqlite:'.length))}` : (urlOption ?? config.databaseUrl);
    const databaseUrl = resolveDatabaseUrl({ databaseUrl: target, dataDir });
    const displayUrl = redactUrl(databaseUrl);
    let summary: RestoreSummary;
    try {
      summary = await restoreBackup({ archive: resolve(io.cwd, file), databaseUrl, dataDir, displayUrl, progress: progressOn(io, 'restore') });
    } catch (err) {
      throw toCliError(err, displayUrl, manualPostgresCommands);
    }
    printSummary(io, summary, dataDir, displayUrl);
    return ExitCode.ok;
  },
};
