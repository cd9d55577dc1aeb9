import { CliError, ExitCode } from '../cli/cli-error.js';
import type { CliIo } from '../cli/command.js';
import { createProgress } from '../cli/progress.js';
import {
  analyzeDatabase,
  appliedMigrations,
  checkSearchIndex,
  describeLiveUse,
  inReadSnapshot,
  knownMigrations,
  migrateToLatest,
  resetSequences,
  type BulkDatabase,
} from '../storage/bulk-database.js';
import { copyTable, countRows, type CopyContext } from './copier.js';
import { checkSchema, firstNonEmptyTable, sourceFingerprint, wipeTarget } from './preflight.js';
import { createState, dropState, hasState, readState, type TableState } from './resume-state.js';
import { buildPlan, type PlannedTable } from './table-plan.js';
import { printVerdicts, verifyTables } from './verify.js';

export interface MigrationRun {
  source: BulkDatabase;
  target: BulkDatabase;
  /** Both URLs with passwords redacted, for messages. */
  sourceLabel: string;
  targetLabel: string;
  batchSize: number;
  restart: boolean;
  verifyOnly: boolean;
  allowLive: boolean;
  io: CliIo;
  shouldStop: () => boolean;
  now?: () => number;
}

/** Checks both schemas and returns the copy plan; migrates the target first unless only verifying. */
async function prepare(run: MigrationRun): Promise<PlannedTable[]> {
  const known = await knownMigrations();
  checkSchema('source', await appliedMigrations(run.source.db), known);
  if (await hasState(run.source.db)) {
    throw new CliError('the source holds an unfinished migrate-data copy (table parley_migrate_state): finish that copy, or copy from its own source');
  }
  const live = await describeLiveUse(run.source);
  if (live && !run.allowLive) {
    throw new CliError(
      `the source looks in use: ${live}. Stop every Parley server using it and run again, or pass --allow-live ` +
        'to copy one consistent snapshot (anything written after the copy starts is NOT copied)',
    );
  }
  if (live) run.io.err(`warning: the source looks in use (${live}); copying a snapshot, later writes are not copied\n`);
  if (!run.verifyOnly) await migrateToLatest(run.target.db);
  checkSchema('target', await appliedMigrations(run.target.db), known);
  const withInternal = { withInternalKyselyTables: true };
  try {
    return buildPlan(await run.source.db.introspection.getTables(withInternal), await run.target.db.introspection.getTables(withInternal));
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
}

/** Reads the resume record, or starts one on an empty target; refuses a target of another source. */
async function startOrResume(run: MigrationRun, plan: PlannedTable[], fingerprint: string): Promise<Map<string, TableState>> {
  const now = run.now ?? Date.now;
  if (run.restart) {
    run.io.err(`--restart: deleting the copied rows from ${run.targetLabel}\n`);
    await dropState(run.target.db);
    await wipeTarget(run.target.db, plan);
  }
  let state = (await hasState(run.target.db)) ? await readState(run.target.db) : new Map<string, TableState>();
  const foreign = [...state.values()].find((s) => s.fingerprint !== fingerprint);
  if (foreign) {
    throw new CliError(
      `${run.targetLabel} holds an unfinished copy of a DIFFERENT source database; ` +
        'rerun with its original --from, or start over with --restart --yes (deletes the copied rows)',
    );
  }
  if (state.size === 0) {
    const busy = await firstNonEmptyTable(run.target.db, plan);
    if (busy) {
      throw new CliError(
        `the target is not empty (table ${busy} has rows): migrate-data copies into a new, empty database. ` +
          'Point --to at an empty one, or pass --restart --yes to delete the target\'s rows first',
      );
    }
  } else {
    const started = plan.filter((p) => (state.get(p.table)?.rowsCopied ?? 0) > 0 || state.get(p.table)?.done);
    run.io.err(`resuming the copy into ${run.targetLabel} (${started.length} of ${plan.length} tables started)\n`);
  }
  const missing = plan.filter((p) => !state.has(p.table)).map((p) => p.table);
  if (missing.length > 0) {
    await createState(run.target.db, fingerprint, missing, now());
    state = await readState(run.target.db);
  }
  return state;
}

/** Copies every table, then verifies; the whole run reads one snapshot of the source. */
async function copyAndVerify(run: MigrationRun, plan: PlannedTable[]): Promise<ExitCode> {
  const now = run.now ?? Date.now;
  return inReadSnapshot(run.source, async (snapshot) => {
    const fingerprint = await sourceFingerprint(snapshot);
    const state = await startOrResume(run, plan, fingerprint);
    const ctx: CopyContext = { source: snapshot, target: run.target.db, batchSize: run.batchSize, now, shouldStop: run.shouldStop };
    for (const planned of plan) {
      // startOrResume gave every planned table a row.
      const tableState = state.get(planned.table)!;
      const total = await countRows(snapshot, planned.table);
      // A resumed table's bar covers what is left, so its rate and ETA are this run's.
      const resumed = tableState.rowsCopied > 0 && !tableState.done;
      const label = resumed ? `${planned.table} (resumed after ${tableState.rowsCopied})` : planned.table;
      const progress = createProgress(run.io, { label, total: resumed ? Math.max(0, total - tableState.rowsCopied) : total });
      if (tableState.done) progress.update(total);
      const finished = await copyTable(ctx, planned, tableState, progress);
      progress.finish();
      if (!finished) {
        run.io.err(`interrupted: every batch so far is committed in ${run.targetLabel}; run the same command again to continue\n`);
        return ExitCode.failed;
      }
    }
    await checkSearchIndex(run.target);
    const verdicts = await verifyTables({ db: snapshot, dialect: run.source.dialect }, { db: run.target.db, dialect: run.target.dialect }, plan);
    printVerdicts(run.io, verdicts);
    const bad = verdicts.filter((v) => !v.ok);
    if (bad.length > 0) {
      run.io.err(
        `verification FAILED for ${bad.map((v) => v.table).join(', ')}: the target differs from the source ` +
          '(was the source written to during the copy?). Rerun with --restart --yes once nothing writes to it\n',
      );
      return ExitCode.failed;
    }
    const sequences = await resetSequences(run.target);
    await analyzeDatabase(run.target, plan.map((p) => p.table));
    await dropState(run.target.db);
    const rows = verdicts.reduce((sum, v) => sum + v.target.rows, 0);
    run.io.out(`copied and verified ${rows} rows in ${plan.length} tables from ${run.sourceLabel} to ${run.targetLabel}\n`);
    if (sequences.length > 0) run.io.out(`sequences moved past the copied keys: ${sequences.join(', ')}\n`);
    return ExitCode.ok;
  });
}

/** `parley migrate-data`: prepare, then copy and verify (or only verify). */
export async function runMigration(run: MigrationRun): Promise<ExitCode> {
  const plan = await prepare(run);
  if (!run.verifyOnly) return copyAndVerify(run, plan);
  return inReadSnapshot(run.source, async (snapshot) => {
    const verdicts = await verifyTables({ db: snapshot, dialect: run.source.dialect }, { db: run.target.db, dialect: run.target.dialect }, plan);
    printVerdicts(run.io, verdicts);
    const bad = verdicts.filter((v) => !v.ok);
    if (bad.length === 0) return ExitCode.ok;
    run.io.err(`verification FAILED for ${bad.map((v) => v.table).join(', ')}\n`);
    return ExitCode.failed;
  });
}
