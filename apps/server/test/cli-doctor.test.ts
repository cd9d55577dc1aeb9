import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/storage/db.js';
import { migrations } from '../src/storage/migrations/index.js';
import { cliWorkspace, type CliWorkspace } from './helpers/cli.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function workspace(databaseUrl?: string): CliWorkspace {
  const ws = cliWorkspace(databaseUrl);
  cleanups.push(() => ws.remove());
  return ws;
}

async function scratch(dialect: (typeof DIALECTS)[number], migrate: boolean): Promise<ScratchDatabase> {
  const db = await dialect.create();
  cleanups.push(() => db.drop());
  const { store } = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent', migrate });
  await store.close();
  return db;
}

/** The lines of a check, e.g. every `✗ migrations …` line and the fix under it. */
function linesOf(stdout: string, check: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^[✓!✗] ${check}\\s`).test(l));
  if (start < 0) return '';
  const fix = lines[start + 1]?.trim().startsWith('fix:') ? `\n${lines[start + 1]}` : '';
  return `${lines[start]}${fix}`;
}

/** What the database line says per engine; the URL's password is always hidden. */
const ENGINE_LINE: Record<string, RegExp> = {
  sqlite: /^✓ database\s+SQLite 3\.\d+.* at sqlite:\//,
  postgres: /^✓ database\s+PostgreSQL \d+.* at postgres:\/\/postgres:\*\*\*@/,
  mysql: /^✓ database\s+MySQL\/MariaDB \d+.* at mysql:\/\/\w+:\*\*\*@/,
};

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`parley doctor on ${dialect.name}`, () => {
    it('finds no problem in a healthy installation and exits 0', async () => {
      const db = await scratch(dialect, true);
      const ws = workspace(db.url);
      const { code, stdout } = await ws.run(['doctor']);
      expect(stdout).not.toMatch(/^✗/m);
      expect(code).toBe(0);
      expect(linesOf(stdout, 'config')).toMatch(/^✓ config\s+loaded from environment \(PARLEY_DATA_DIR, PARLEY_DATABASE_URL\)$/);
      expect(linesOf(stdout, 'database')).toMatch(ENGINE_LINE[dialect.name] ?? /^✓ database\s/);
      expect(linesOf(stdout, 'migrations')).toMatch(new RegExp(`^✓ migrations\\s+up to date \\(${Object.keys(migrations).length} applied\\)$`));
      expect(linesOf(stdout, 'uploads')).toMatch(/^✓ uploads\s+upload dir .*\/data\/blobs is a writable directory$/);
      expect(linesOf(stdout, 'jwt secret')).toMatch(/^✓ jwt secret\s+kept in .*jwt-secret, not readable by other users$/);
      if (dialect.name !== 'sqlite') expect(linesOf(stdout, 'database clock')).toMatch(/^✓ database clock\s+the database server is \d+\.\d s (ahead of|behind) this host$/);
      expect(stdout).toMatch(/(All checks passed|No problems, \d+ warnings?)\.\n$/);
    });

    it('lists pending migrations with the fix and exits 3, and parley migrate applies them', async () => {
      const db = await scratch(dialect, false);
      const ws = workspace(db.url);
      const before = await ws.run(['doctor']);
      expect(before.code).toBe(3);
      const count = Object.keys(migrations).length;
      expect(linesOf(before.stdout, 'migrations')).toMatch(new RegExp(`^✗ migrations\\s+${count} pending: 0001_create_core_tables, .* and ${count - 5} more\\n\\s+fix: start the server .* or run \`parley migrate\``));
      expect(before.stdout).toMatch(/1 problem, \d+ warnings?: see the fixes above\.\n$|1 problem, 0 warnings: see the fixes above\.\n$/);

      const dry = await ws.run(['migrate', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`${count} pending migrations:\n  0001_create_core_tables\n`);
      const migrated = await ws.run(['migrate']);
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toMatch(new RegExp(`Applied ${count} migrations\\.\\n$`));
      expect((await ws.run(['migrate'])).stdout).toMatch(/no pending migrations\.\n$/);
      const after = await ws.run(['doctor']);
      expect(after.code).toBe(0);
      expect(linesOf(after.stdout, 'migrations')).toMatch(/^✓ migrations\s+up to date/);
    });

    it('reports a read-only upload dir as a problem with the fix and exits 3', async () => {
      const db = await scratch(dialect, true);
      const ws = workspace(db.url);
      const blobs = join(ws.dataDir, 'blobs');
      if (!makeReadOnly(blobs)) return;
      const { code, stdout } = await ws.run(['doctor']);
      expect(code).toBe(3);
      expect(linesOf(stdout, 'uploads')).toMatch(/^✗ uploads\s+upload dir .*\/data\/blobs is not writable: .*(EACCES|EROFS).*\n\s+fix: make it writable by the server's user/);
    });
  });
}

/** Root writes through any mode bits, so as root the dir becomes a read-only mount instead. */
function makeReadOnly(dir: string): boolean {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    cleanups.push(() => chmodSync(dir, 0o755));
    return true;
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    cleanups.push(() => void execFileSync('umount', [dir], { stdio: 'ignore' }));
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('running as root and cannot mount a read-only tmpfs: the read-only upload dir test cannot run');
    process.stderr.write('\n!!! root without mount(8): SKIPPING the read-only upload dir doctor test !!!\n\n');
    return false;
  }
}

describe('parley doctor', () => {
  it('names an unreachable database without its password, with the fix, and exits 3', async () => {
    const ws = workspace('postgres://parley:s3cret@127.0.0.1:1/parley');
    const { code, stdout } = await ws.run(['doctor']);
    expect(code).toBe(3);
    expect(linesOf(stdout, 'database')).toMatch(
      /^✗ database\s+cannot reach the database at postgres:\/\/parley:\*\*\*@127\.0\.0\.1:1\/parley: connect ECONNREFUSED .*\n\s+fix: check that the database server runs/,
    );
    expect(stdout).not.toContain('s3cret');
  });

  it('gives up on a database that never answers after 3 s instead of hanging', async () => {
    const held = new Set<Socket>();
    const silent: Server = createServer((socket) => void held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of held) socket.destroy();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const port = (silent.address() as { port: number }).port;
    const ws = workspace(`postgres://parley@127.0.0.1:${port}/parley`);
    const started = Date.now();
    const { code, stdout } = await ws.run(['doctor']);
    expect(code).toBe(3);
    expect(linesOf(stdout, 'database')).toMatch(/^✗ database\s+the database check did not answer within 3000 ms\n\s+fix: /);
    expect(Date.now() - started).toBeLessThan(6000);
  }, 15_000);

  it('reports a config that does not load as the one problem, naming the key and its source', async () => {
    const ws = workspace();
    const { code, stdout } = await ws.run(['doctor'], { PARLEY_PORT: 'eighty' });
    expect(code).toBe(3);
    expect(stdout).toMatch(/^✗ config\s+config: port must be a number \(got a string\) \(from PARLEY_PORT\)\n\s+fix: correct that key/);
  });

  it('fails a JWT secret file that other users can read', async () => {
    const ws = workspace();
    chmodSync(join(ws.dataDir, 'jwt-secret'), 0o644);
    const { code, stdout } = await ws.run(['doctor']);
    expect(code).toBe(3);
    expect(linesOf(stdout, 'jwt secret')).toMatch(/^✗ jwt secret\s+.*jwt-secret can be read by every user on this host\n\s+fix: `chmod 600 .*jwt-secret`$/);
  });

  it('fails a data dir that is a file, and says a missing database is created at first start', async () => {
    const ws = workspace();
    rmSync(ws.dataDir, { recursive: true });
    writeFileSync(ws.dataDir, 'not a dir');
    const { code, stdout } = await ws.run(['doctor'], { PARLEY_DATABASE_URL: `sqlite:${join(ws.cwd, 'db', 'parley.db')}` });
    expect(code).toBe(3);
    expect(linesOf(stdout, 'data dir')).toMatch(/^✗ data dir\s+data dir .*\/data is not a directory/);
    expect(linesOf(stdout, 'database')).toMatch(/^! database\s+no database yet at sqlite:.*\/db\/parley\.db\n\s+fix: nothing to do on a new install/);
  });

  it('warns about a SQLite file that every local user can read, and not about a private one', async () => {
    const ws = workspace();
    const file = join(ws.dataDir, 'parley.db');
    const { store } = await openStore({ databaseUrl: `sqlite:${file}`, dataDir: ws.dataDir });
    await store.close();
    chmodSync(file, 0o644);
    const open = await ws.run(['doctor']);
    expect(open.code).toBe(0);
    expect(linesOf(open.stdout, 'database file')).toMatch(/^! database file\s+.*\/data\/parley\.db can be read by every user on this host\n\s+fix: `chmod 600 .*parley\.db\*`/);
    chmodSync(file, 0o600);
    expect(linesOf((await ws.run(['doctor'])).stdout, 'database file')).toBe('');
  });

  it('warns about plain-HTTP and development origins', async () => {
    const ws = workspace();
    const { stdout } = await ws.run(['doctor'], { PARLEY_ALLOWED_ORIGINS: 'http://chat.example.com,http://localhost:5173,https://chat.example.com' });
    expect(stdout).toMatch(/^! allowed origins\s+http:\/\/chat\.example\.com is plain HTTP.*\n\s+fix: serve it over HTTPS and list https:\/\/chat\.example\.com instead$/m);
    expect(stdout).toMatch(/^! allowed origins\s+http:\/\/localhost:5173 is a development origin, while the server listens on 0\.0\.0\.0$/m);
  });

  it('prints the findings as JSON with --json', async () => {
    const ws = workspace('postgres://parley@127.0.0.1:1/parley');
    const { code, stdout } = await ws.run(['doctor', '--json']);
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as { ok: boolean; problems: number; checks: { check: string; status: string; message: string; fix?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toBeGreaterThanOrEqual(1);
    expect(report.checks).toContainEqual({ check: 'database', status: 'fail', message: expect.stringMatching(/^cannot reach the database/), fix: expect.any(String) });
  });

  it('refuses an extra argument with a usage error', async () => {
    const ws = workspace();
    const { code, stderr } = await ws.run(['doctor', 'now']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unexpected argument: now/);
  });
});

