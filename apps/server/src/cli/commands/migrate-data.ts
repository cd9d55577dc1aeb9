import { dirname, resolve } from 'node:path';
import { openBulkDatabase, type BulkDatabase } from '../../storage/bulk-database.js';
import { runMigration } from '../../migrate-data/run-migration.js';
import { CliError, ExitCode, UsageError } from '../cli-error.js';
import { noMorePositionals, type CliIo, type Command, type ParsedArgs } from '../command.js';
import { failureReason, redactUrl } from '../context.js';

const DEFAULT_BATCH = 1000;

const HELP = `Usage: parley migrate-data --from <url> --to <url> [options]

Copies every row of a Parley database into another one, e.g. from SQLite to PostgreSQL (and
back): users, sessions and tokens, rooms, members with read markers, messages with their seqs,
edits, reactions, mentions, pins, attachment metadata, invites, bans, webhooks, the audit log and
the instance settings. Then it verifies row counts and a SHA-256 checksum per table on both sides.

The source must be at this version's schema and nothing may write to it: stop every server first.
The target is brought to the latest schema and must be empty. Each batch commits together with
a resume record in the target, so an interrupted copy (Ctrl-C, crash, lost connection) continues
where it stopped when the same command is run again.

Attachment and avatar BYTES are not in the database: copy or mount <dataDir>/blobs too.

URLs: sqlite:<file>  postgres://user:password@host:5432/db  mysql://user:password@host:3306/db
(MariaDB: mysql:// or mariadb://)

Options:
  --from <url>        the database to copy from (read only)
  --to <url>          the database to copy into
  --verify-only       only compare counts and checksums of the two databases
  --restart           delete the rows an earlier (unfinished) copy left in the target and
                      start over; needs --yes
  --yes               confirm --restart
  --allow-live        copy even though the source looks in use: one consistent snapshot is
                      copied, anything written after the copy starts is lost on the target
  --batch-size <n>    rows per batch and transaction (default ${DEFAULT_BATCH})

Exit codes: 0 copied and verified, 1 failed or verification found differences (the table is
named), 2 bad usage.

Example:
  parley migrate-data --from sqlite:/var/lib/parley/parley.db \\
    --to postgres://parley:secret@db.internal:5432/parley
`;

const SCHEMES = ['sqlite:', 'postgres://', 'postgresql://', 'mysql://', 'mariadb://'];

/** A database URL from an option; a relative SQLite path is taken from the working directory. */
function databaseUrl(args: ParsedArgs, name: 'from' | 'to', cwd: string): string {
  const value = args.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${name} <url>`);
  if (!SCHEMES.some((s) => value.startsWith(s))) {
    throw new UsageError(`--${name} must be a database URL starting with ${SCHEMES.join(', ')} (got "${redactUrl(value)}")`);
  }
  if (!value.startsWith('sqlite:')) return value;
  const file = value.slice('sqlite:'.length);
  if (file === '') throw new UsageError(`--${name} sqlite: needs a file path`);
  // resolve() also normalises `a/../b`, so the same file is recognised under two spellings.
  return `sqlite:${resolve(cwd, file)}`;
}

function batchSize(args: ParsedArgs): number {
  const raw = args.values['batch-size'];
  if (raw === undefined) return DEFAULT_BATCH;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new UsageError('--batch-size must be a whole number from 1 to 100000');
  return n;
}

async function open(url: string, side: 'source' | 'target'): Promise<BulkDatabase> {
  try {
    const bulk = await openBulkDatabase(url, { mustExist: side === 'source' });
    await bulk.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    return bulk;
  } catch (err) {
    throw new CliError(`cannot open the ${side} database ${redactUrl(url)}: ${failureReason(err)}`);
  }
}

/**
 * Ctrl-C (or SIGTERM) asks the copy to stop after the batch in flight commits; a second one ends
 * the process at once (the uncommitted batch rolls back). Either way a rerun resumes.
 */
function stopOnSignal(): { shouldStop: () => boolean; dispose: () => void } {
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    shouldStop: () => stop,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

async function run(args: ParsedArgs, io: CliIo): Promise<ExitCode> {
  noMorePositionals(args, 0);
  const fromUrl = databaseUrl(args, 'from', io.cwd);
  const toUrl = databaseUrl(args, 'to', io.cwd);
  if (fromUrl === toUrl) throw new UsageError('--from and --to name the same database');
  if (args.values.restart === true && args.values.yes !== true) {
    throw new UsageError(`--restart deletes every copied row in ${redactUrl(toUrl)}; add --yes to confirm`);
  }
  if (args.values.restart === true && args.values['verify-only'] === true) throw new UsageError('--restart and --verify-only exclude each other');
  const rowsPerBatch = batchSize(args);
  const source = await open(fromUrl, 'source');
  const signals = stopOnSignal();
  try {
    const target = await open(toUrl, 'target');
    try {
      const code = await runMigration({
        source,
        target,
        sourceLabel: redactUrl(fromUrl),
        targetLabel: redactUrl(toUrl),
        batchSize: rowsPerBatch,
        restart: args.values.restart === true,
        verifyOnly: args.values['verify-only'] === true,
        allowLive: args.values['allow-live'] === true,
        io,
        shouldStop: signals.shouldStop,
      });
      if (code === ExitCode.ok && args.values['verify-only'] !== true) printBlobHint(io, fromUrl);
      return code;
    } finally {
      await target.close();
    }
  } finally {
    signals.dispose();
    await source.close();
  }
}

function printBlobHint(io: CliIo, fromUrl: string): void {
  const where = fromUrl.startsWith('sqlite:') ? `${dirname(fromUrl.slice('sqlite:'.length))}/blobs` : '<dataDir>/blobs';
  io.out(
    `Next: attachment and avatar bytes are not in the database. Copy ${where} to the new data dir\n` +
      `(e.g. rsync -a ${where}/ /new/data/blobs/) or mount one shared directory as <dataDir>/blobs on every\n` +
      'instance, then set PARLEY_DATABASE_URL to the new database and start the servers (docs/operations.md).\n',
  );
}

/** `parley migrate-data`: copy a whole database to another engine, resumable and verified. */
export const command: Command = {
  name: 'migrate-data',
  summary: 'copy all data to another database (SQLite ⇄ PostgreSQL ⇄ MySQL), verified',
  help: HELP,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    'verify-only': { type: 'boolean' },
    restart: { type: 'boolean' },
    yes: { type: 'boolean' },
    'allow-live': { type: 'boolean' },
    'batch-size': { type: 'string' },
  },
  run,
};
