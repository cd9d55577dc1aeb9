/**
 * End-to-end smoke run of the built bench against the real servers at toy sizes. It asserts what the
 * bench reports and that every message arrived, never how fast: speed is proven by `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSkipped, type BenchRun, type Correctness, type ServerKey, type ServerRun } from '../src/report/results.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH = join(ROOT, 'bench/dist/main.js');
const SERVER = join(ROOT, 'apps/server/dist/main.js');
const SERVERS: ServerKey[] = ['bare-ws', 'socketio', 'parley-sqlite'];
/** The run takes about 35 s here; past this the bench is stuck, not slow. */
const DEADLINE_MS = 55_000;
const SIZES = {
  rooms: 4, 'members-per-room': 6, 'fanout-members': 20, 'step-ms': 300, 'start-rate': 20, factor: 2, 'max-rate': 80,
  'refine-steps': 0, 'idle-ms': 200, 'many-rooms-rate': 40, 'many-rooms-ms': 500, 'warmup-ms': 200,
  'big-room-messages': 2000, 'small-rooms': 3, 'small-room-messages': 120, pages: 20,
  'search-messages': 600, 'search-rooms': 3, 'search-queries': 5,
};

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bench in its own process group, so a stuck run is ended with its servers and workers. */
function runBench(args: string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BENCH, ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`bench still running after ${DEADLINE_MS} ms; output so far:\n${stdout}\n${stderr}`));
    }, DEADLINE_MS);
    child.once('error', (err) => (clearTimeout(timer), reject(err)));
    child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

/** Every correctness block in a server's results, named by scenario. */
function correctnessOf(run: ServerRun): Array<[string, Correctness]> {
  const blocks: Array<[string, Correctness]> = [];
  for (const scenario of ['fanout', 'manyRooms', 'reconnect'] as const) {
    const outcome = run[scenario];
    if (outcome === undefined || isSkipped(outcome)) throw new Error(`${run.server.key} has no ${scenario} result`);
    blocks.push([scenario, outcome.correctness]);
  }
  return blocks;
}

const missing = [BENCH, SERVER].filter((f) => !existsSync(f));
const mustRun = process.env.CI === 'true';
if (missing.length > 0 && !mustRun) {
  process.stderr.write(
    `\n!!! SKIPPING the bench harness smoke test: ${missing.join(' and ')} missing. Run \`npm run build\` first.\n\n`,
  );
}

describe.skipIf(missing.length > 0 && !mustRun)('npm run bench, end to end at toy sizes', () => {
  const out = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  let exit: Exit | undefined;

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`${missing.join(' and ')} missing: CI must build before it tests`);
    const sizes = Object.entries(SIZES).flatMap(([flag, n]) => [`--${flag}`, String(n)]);
    exit = await runBench(['--servers', SERVERS.join(','), '--scenarios', 'fanout,reconnect,many-rooms,idle,history,search', ...sizes, '--out', out]);
  }, DEADLINE_MS + 5000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  function finished(): Exit {
    if (!exit) throw new Error('the bench did not run');
    return exit;
  }

  function latest(): BenchRun {
    return JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchRun;
  }

  it('runs every server without error and writes JSON, markdown and chart to --out', () => {
    const { code, stdout, stderr } = finished();
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stderr, stdout).not.toMatch(/^bench:/m);
    const result = latest();

    expect(result.runs.map((r) => r.server.key)).toEqual(SERVERS);
    for (const run of result.runs) expect(run.error, run.server.key).toBeUndefined();
    for (const file of ['latest.md', 'latest-fanout.svg']) expect(existsSync(join(out, file)), file).toBe(true);
    expect(result.sizes).toMatchObject({ rooms: 4, membersPerRoom: 6, refineSteps: 0, pages: 20 });
  });

  it('delivers every message exactly once and in order on every server', () => {
    for (const run of latest().runs) {
      for (const [scenario, c] of correctnessOf(run)) {
        const where = `${run.server.key} ${scenario}`;
        expect(c.expected, where).toBeGreaterThan(0);
        expect(c, where).toEqual({ expected: c.expected, delivered: c.expected, lost: 0, duplicated: 0, reordered: 0 });
      }
    }
  });

  it('times catching up after a reconnect only for Parley, the one server that can resume', () => {
    for (const run of latest().runs) {
      const reconnect = run.reconnect;
      if (reconnect === undefined || isSkipped(reconnect)) throw new Error(`${run.server.key} has no reconnect result`);
      expect(reconnect.missedMessages, run.server.key).toBeGreaterThan(0);
      if (run.server.kind === 'parley') expect(reconnect.caughtUpSeconds, run.server.key).toEqual(expect.any(Number));
      else expect(reconnect.caughtUpSeconds, run.server.key).toBeNull();
    }
  });

  it('measures idle sockets on every server and history pages on Parley only', () => {
    for (const run of latest().runs) {
      if (run.idle === undefined || isSkipped(run.idle)) throw new Error(`${run.server.key} has no idle result`);
      expect(run.idle.sockets, run.server.key).toBe(4 * 6);
      const history = run.history;
      if (run.server.kind === 'baseline') {
        expect(history, run.server.key).toEqual({ skipped: expect.any(String) });
        continue;
      }
      if (history === undefined || isSkipped(history)) throw new Error(`${run.server.key} has no history result`);
      expect(history.cases.length).toBeGreaterThan(0);
      for (const c of history.cases) {
        expect(c.latency.count, c.label).toBe(20);
        expect(c.latency.p99, c.label).toBeGreaterThan(0);
      }
    }
  });

  it('searches on Parley only, every case checked against what the seed wrote', () => {
    for (const run of latest().runs) {
      const search = run.search;
      if (run.server.kind === 'baseline') {
        expect(search, run.server.key).toEqual({ skipped: 'has no search' });
        continue;
      }
      if (search === undefined || isSkipped(search)) throw new Error(`${run.server.key} has no search result`);
      expect(search.messages).toBe(600);
      expect(search.cases.map((c) => [c.query, c.firstPageHits > 0])).toEqual([
        ['数据库', true], [expect.stringMatching(/^工单\d+$/), true], ['开会', true], ['staging', true], ['kubernetes', false], ['数据库', true],
      ]);
      for (const c of search.cases) expect(c.latency.count, c.label).toBe(5);
    }
  });

  it('prints the table with Parley-to-baseline ratios and where the results went', () => {
    const { stdout } = finished();

    for (const baseline of ['bare-ws', 'socketio']) {
      expect(stdout).toMatch(new RegExp(`parley-sqlite / ${baseline} = [\\d.]+x {2}best sustained delivered/s`));
      expect(stdout).toMatch(new RegExp(`parley-sqlite / ${baseline} = [\\d.]+x {2}delivered/s`));
    }
    expect(stdout).toMatch(/== Targets \(issues #7 and #9\) ==/);
    expect(stdout).toContain(`results: ${out}`);
  });
});
