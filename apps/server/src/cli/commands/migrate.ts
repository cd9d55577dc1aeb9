import { inspectDatabase } from '../../storage/db.js';
import { CliError, ExitCode } from '../cli-error.js';
import { noMorePositionals, type Command } from '../command.js';
import { failureReason, loadCliConfig, openCliStore } from '../context.js';

/** `parley migrate`: the migrations the server would run at start, run now, so an upgrade can be checked before the restart. */
export const command: Command = {
  name: 'migrate',
  summary: 'run pending database migrations and exit',
  help: `Usage: parley migrate [--dry-run]

Runs the database migrations this build has and the database has not, then exits. The server
runs them at start anyway; running them first lets you see an upgrade's schema change succeed
(or fail) before any instance restarts. Migrations only add tables, columns and indexes, so
instances of the previous version keep working during a rolling upgrade. Take a backup first.

Options:
  --dry-run   list the pending migrations without running them

Example:
  npx parley backup /backups/parley-before-upgrade.tar.gz && npx parley migrate
`,
  options: { 'dry-run': { type: 'boolean' } },
  async run(args, io) {
    noMorePositionals(args, 0);
    const config = loadCliConfig(io);
    // Connects (and creates a new SQLite file's directory) with a clear error before anything else.
    const probe = await openCliStore(config, { migrate: false });
    await probe.store.close();
    let pending: string[];
    try {
      pending = (await inspectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onPoolError: () => undefined })).pending;
    } catch (err) {
      throw new CliError(`cannot read the migrations of ${probe.displayUrl}: ${failureReason(err)}`);
    }
    if (pending.length === 0) {
      io.out(`${probe.displayUrl}: no pending migrations.\n`);
      return ExitCode.ok;
    }
    io.out(`${probe.displayUrl}: ${pending.length} pending migration${pending.length === 1 ? '' : 's'}:\n${pending.map((m) => `  ${m}\n`).join('')}`);
    if (args.values['dry-run'] === true) return ExitCode.ok;
    const migrated = await openCliStore(config, { migrate: true });
    await migrated.store.close();
    io.out(`Applied ${pending.length} migration${pending.length === 1 ? '' : 's'}.\n`);
    return ExitCode.ok;
  },
};
