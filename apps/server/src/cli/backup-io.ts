import { BackupError } from '../backup/backup-error.js';
import type { ProgressSink } from '../backup/progress-sink.js';
import { ToolMissingError } from '../backup/run-tool.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './command.js';
import { failureReason } from './context.js';
import { createProgress } from './progress.js';

/** `12.3 MiB`: sizes in the units an operator reads at a glance. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Progress of backup and restore on stderr: one line per stage, a bar for the long steps. */
export function progressOn(io: CliIo, command: string): ProgressSink {
  return {
    stage: (text) => io.err(`parley ${command}: ${text}\n`),
    // Nothing to count (no uploads yet): no bar, rather than a bar that is born full.
    counter: (label, total, bytes) =>
      total === 0 ? { add: () => undefined, finish: () => undefined } : createProgress(io, { label, total, ...(bytes && { formatCount: formatBytes }) }),
  };
}

/** What to run by hand when the MySQL client tools are missing. */
function manualMysql(url: string): string {
  return [
    'mysqldump and mysql (MySQL/MariaDB client) are not on PATH. Install them (Debian/Ubuntu: apt-get install mariadb-client) and run parley backup again, or back up by hand:',
    `  mysqldump --single-transaction --default-character-set=utf8mb4 --hex-blob --no-tablespaces -h <host> -u <user> -p <database> > parley.sql   (${url})`,
    '  and copy <dataDir>/blobs and <dataDir>/jwt-secret after the dump finishes.',
    'Restore by hand into an empty database: mysql --default-character-set=utf8mb4 -h <host> -u <user> -p <database> < parley.sql',
  ].join('\n');
}

/** Turns what backup/restore throw into one line (or a short block) for the operator. */
export function toCliError(err: unknown, displayUrl: string, manualPostgres: (url: string) => string): unknown {
  if (err instanceof CliError) return err;
  if (err instanceof BackupError) return new CliError(err.message);
  if (err instanceof ToolMissingError) {
    const manual = err.tool.startsWith('pg_') ? manualPostgres(displayUrl) : manualMysql(displayUrl);
    return new CliError(manual);
  }
  if (err instanceof Error && /^(pg_dump|pg_restore|mysqldump|mysql) failed/.test(err.message)) return new CliError(err.message);
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || (err instanceof Error && /password|authentication|connect/i.test(err.message))) {
    return new CliError(`cannot reach the database at ${displayUrl}: ${failureReason(err)}`);
  }
  if (code === 'EACCES' || code === 'ENOSPC' || code === 'EROFS') return new CliError(failureReason(err));
  return err;
}
