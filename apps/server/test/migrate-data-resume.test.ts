import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kysely, sql, type Transaction } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/cli/cli-error.js';
import { runCli } from '../src/cli/run.js';
import { migrateToLatest, openBulkDatabase, type AnyDatabase } from '../src/storage/bulk-database.js';
import { captureIo } from './helpers/cli.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { populate } from './helpers/populated-instance.js';
import { startServer } from './helpers/start-server.js';

// An interrupted `parley migrate-data` (killed, or Ctrl-C) resumes after the last committed batch.
// The CLI runs as a real process built fresh from src (as sigterm.test.ts does). To interrupt it at a
// known point, the test holds an uncommitted row with the key of the source's third audit entry in
// the target: the copy (one row per batch) commits two entries and then waits on that key's lock.
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(SERVER_DIR, 'node_modules', '.cache', `parley-migrate-${process.pid}`);
const OUT = join(ROOT, 'dist');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const postgres = DIALECTS.find((d) => d.name === 'postgres')!;

let dir: string;
let sourceUrl: string;
const children: ChildProcess[] = [];
const scratch: ScratchDatabase[] = [];

beforeAll(async () => {
  if (!postgres.available) return;
  await promisify(execFile)(process.execPath, [TSC, '-p', join(SERVER_DIR, 'tsconfig.build.json'), '--outDir', OUT], { timeout: 200_000 });
  cpSync(join(SERVER_DIR, 'data'), join(ROOT, 'data'), { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'parley-migrate-resume-'));
  sourceUrl = `sqlite:${join(dir, 'parley.db')}`;
  const server = await startServer({ dataDir: dir, databaseUrl: sourceUrl });
  await populate(server.url, server.wsUrl);
  await server.close();
}, 260_000);

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  for (const db of scratch) await db.drop();
  rmSync(ROOT, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function migrateInProcess(...args: string[]) {
  const io = captureIo({}, process.cwd());
  const code = await runCli(['migrate-data', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** The CLI as its own process, copying one row per batch into `targetUrl`. */
function spawnCopy(targetUrl: string): { child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: string | null }> } {
  const child = spawn(process.execPath, [join(OUT, 'cli', 'main.js'), 'migrate-data', '--from', sourceUrl, '--to', targetUrl, '--batch-size', '1'], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A migrated, empty PostgreSQL target, and a transaction on it holding (uncommitted) the source's
 * third audit entry, on which the copy will wait.
 */
async function blockedTarget() {
  const target = await postgres.create();
  scratch.push(target);
  const targetDb = await openBulkDatabase(target.url, { mustExist: false });
  await migrateToLatest(targetDb.db);
  const source = await openBulkDatabase(sourceUrl, { mustExist: true });
  const entries = await source.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  await source.close();
  expect(entries.length).toBeGreaterThan(3);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let holding!: () => void;
  const held = new Promise<void>((r) => (holding = r));
  const blocker = targetDb.db
    .transaction()
    .execute(async (trx: Transaction<AnyDatabase>) => {
      await trx.insertInto('audit_log').values(entries[2]!).execute();
      holding();
      await released;
      throw new Error('roll back the blocker');
    })
    .catch(() => undefined);
  await held;
  const copiedAuditRows = async () => {
    const row = await targetDb.db.selectFrom('parley_migrate_state').select('rows_copied').where('table_name', '=', 'audit_log').executeTakeFirst().catch(() => undefined);
    return row ? Number(row.rows_copied) : 0;
  };
  /** Resolves once the copy has committed two audit entries and waits on the held one. */
  const copyIsWaiting = () =>
    until('the copy to wait on the held row', async () => {
      if ((await copiedAuditRows()) !== 2) return undefined;
      const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(targetDb.db);
      return Number(rows[0]?.n) > 0 ? true : undefined;
    });
  return {
    url: target.url,
    db: targetDb.db as Kysely<AnyDatabase>,
    copyIsWaiting,
    copiedAuditRows,
    async unblock() {
      release();
      await blocker;
    },
    close: () => targetDb.close(),
  };
}

describe.skipIf(!postgres.available)('an interrupted parley migrate-data', () => {
  it('resumes after the process is killed mid-table, copying no row twice', async () => {
    const target = await blockedTarget();
    try {
      const run = spawnCopy(target.url);
      await target.copyIsWaiting();
      run.child.kill('SIGKILL');
      expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await target.unblock();
      // Two committed audit entries; the batch in flight died with the process.
      expect(await target.copiedAuditRows()).toBe(2);
      expect(Number((await target.db.selectFrom('audit_log').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)).toBe(2);
      expect(Number((await target.db.selectFrom('messages').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)).toBe(0);

      const rerun = await migrateInProcess('--from', sourceUrl, '--to', target.url);
      expect(rerun.code, rerun.stderr).toBe(ExitCode.ok);
      expect(rerun.stderr).toMatch(/resuming the copy into postgres:\/\/postgres:\*\*\*@/);
      expect(rerun.stderr).toMatch(/^audit_log \(resumed after 2\) \[#+\] 100%/m);
      expect(rerun.stdout).toMatch(/^audit_log\s+(\d+)\s+\1\s+([0-9a-f]{16})\s+\2\s+ok$/m);
      expect(rerun.stdout).not.toMatch(/MISMATCH/);
      const tables = await target.db.introspection.getTables();
      expect(tables.map((t) => t.name)).not.toContain('parley_migrate_state');
    } finally {
      await target.close();
    }
  }, 90_000);

  it('stops after the batch in flight on Ctrl-C, refuses another source, and resumes', async () => {
    const target = await blockedTarget();
    try {
      const run = spawnCopy(target.url);
      await target.copyIsWaiting();
      run.child.kill('SIGINT');
      await target.unblock();
      expect(await run.exited).toEqual({ code: ExitCode.failed, signal: null });
      expect(run.output()).toMatch(/interrupted: every batch so far is committed in .*; run the same command again to continue/);
      // The batch that was in flight when Ctrl-C came committed; nothing after it started.
      expect(await target.copiedAuditRows()).toBe(3);

      const other = `sqlite:${join(dir, 'other', 'parley.db')}`;
      const otherDb = await openBulkDatabase(other, { mustExist: false });
      await migrateToLatest(otherDb.db);
      await otherDb.db
        .insertInto('users')
        .values({ id: '00000000-0000-4000-8000-000000000001', username: 'zed', username_key: 'zed', display_name: 'Zed', bio: '', password_hash: 'x', created_at: 1, updated_at: 1 })
        .execute();
      await otherDb.close();
      const foreign = await migrateInProcess('--from', other, '--to', target.url);
      expect(foreign.code).toBe(ExitCode.failed);
      expect(foreign.stderr).toMatch(/holds an unfinished copy of a DIFFERENT source database/);

      const rerun = await migrateInProcess('--from', sourceUrl, '--to', target.url);
      expect(rerun.code, rerun.stderr).toBe(ExitCode.ok);
      expect(rerun.stdout).not.toMatch(/MISMATCH/);
    } finally {
      await target.close();
    }
  }, 90_000);
});
