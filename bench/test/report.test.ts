import { describe, expect, it } from 'vitest';
import { fanoutChart } from '../src/report/chart.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { compareRuns } from '../src/report/ratios.js';
import { formatTable } from '../src/report/table.js';
import { checkTargets, type TargetCheck } from '../src/report/targets.js';
import { fullRun, quickRun } from './report-fixture.js';

function findCheck(checks: TargetCheck[], server: string, name: string): TargetCheck {
  const check = checks.find((c) => c.server === server && c.name === name);
  if (!check) throw new Error(`no check ${name} for ${server}; have ${checks.map((c) => `${c.server}/${c.name}`).join(', ')}`);
  return check;
}

/** Tags must nest and close: a cheap well-formedness check that needs no XML parser. */
function assertBalancedTags(svg: string): void {
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name ?? '');
  }
  expect(stack).toEqual([]);
}

describe('compareRuns', () => {
  it('divides Parley by each baseline and records which direction is better', () => {
    const comparisons = compareRuns(fullRun());
    const pick = (server: string, baseline: string, figure: string) =>
      comparisons.find((c) => c.server === server && c.baseline === baseline && c.figure === figure);

    expect(pick('parley-sqlite', 'bare-ws', 'best sustained delivered/s')).toEqual({
      scenario: 'fanout',
      figure: 'best sustained delivered/s',
      unit: '/s',
      better: 'higher',
      server: 'parley-sqlite',
      baseline: 'bare-ws',
      value: 198_000,
      baselineValue: 396_000,
      ratio: 0.5,
      favoursParley: false,
    });
    expect(pick('parley-sqlite', 'socketio', 'best sustained delivered/s')).toMatchObject({ ratio: 2, favoursParley: true });
    expect(pick('parley-sqlite', 'bare-ws', 'RSS per socket')).toMatchObject({ ratio: 3, better: 'lower', favoursParley: false });
    expect(pick('parley-sqlite', 'socketio', 'RSS per socket')).toMatchObject({ ratio: 0.75, better: 'lower', favoursParley: true });
    expect(pick('parley-pg', 'bare-ws', 'p99 latency')?.ratio).toBeCloseTo(44 / 9);
    expect(pick('parley-pg', 'bare-ws', 'reconnect time')?.ratio).toBeCloseTo(3.1 / 1.5);
  });

  it('leaves out figures a side skipped or never reached', () => {
    const run = fullRun();
    const pg = run.runs.find((r) => r.server.key === 'parley-pg');
    if (!pg) throw new Error('fixture has parley-pg');
    pg.fanout = { members: 1_000, steps: [], best: null, correctness: { expected: 0, delivered: 0, lost: 0, duplicated: 0, reordered: 0 } };
    const comparisons = compareRuns(run);

    expect(comparisons.filter((c) => c.scenario === 'reconnect' && c.baseline === 'socketio')).toEqual([]);
    expect(comparisons.filter((c) => c.scenario === 'fanout' && c.server === 'parley-pg')).toEqual([]);
    expect(comparisons.filter((c) => c.scenario === 'fanout' && c.server === 'parley-sqlite')).toHaveLength(2);
    expect(comparisons.every((c) => c.server.startsWith('parley-'))).toBe(true);
  });
});

describe('checkTargets', () => {
  it('reports by how much a missed target was missed, and nothing when it was met', () => {
    const checks = checkTargets(fullRun());

    expect(findCheck(checks, 'parley-sqlite', 'Fan-out delivered/s vs bare-ws')).toEqual({
      name: 'Fan-out delivered/s vs bare-ws',
      server: 'parley-sqlite',
      target: '>= 0.8x bare-ws',
      actual: '0.50x (198,000/s vs 396,000/s)',
      met: false,
      missBy: '0.30x short: needs 316,800/s, got 198,000/s',
    });
    const vsSocketio = findCheck(checks, 'parley-sqlite', 'Fan-out delivered/s vs socketio');
    expect(vsSocketio).toMatchObject({ met: true, actual: '2.00x (198,000/s vs 99,000/s)' });
    expect(vsSocketio.missBy).toBeUndefined();
    expect(findCheck(checks, 'parley-sqlite', 'History page p99 (500 smaller rooms)')).toMatchObject({ met: false, missBy: '1.20 ms over' });
    expect(findCheck(checks, 'parley-pg', 'History page p99 (500 smaller rooms)')).toMatchObject({ met: true, target: '< 10.0 ms on PostgreSQL' });
    expect(findCheck(checks, 'parley-sqlite', 'Idle RSS per socket vs bare-ws')).toMatchObject({ met: false, actual: '3.00x (18.0 KB vs 6.00 KB)' });
    expect(findCheck(checks, 'parley-sqlite', 'Idle event-loop lag p99')).toMatchObject({ met: true, actual: '12.0 ms at 10,000 sockets' });
    expect(findCheck(checks, 'parley-sqlite', 'Reconnect storm caught up')).toMatchObject({ met: true });
    expect(findCheck(checks, 'parley-sqlite', 'Search p99 (Chinese, common (数据库))')).toMatchObject({
      met: false,
      target: '< 50.0 ms on 100,000 messages',
      missBy: '12.0 ms over',
    });
    expect(findCheck(checks, 'parley-sqlite', 'Search p99 (Chinese + digits, rare (1 in 5,000))')).toMatchObject({ met: true });
    expect(findCheck(checks, 'parley-pg', 'Search p99')).toMatchObject({ met: false, missBy: 'not measured (skipped: not asked for (--scenarios))' });
  });

  it('never calls a fan-out target met when a message was lost, however fast the server', () => {
    const check = findCheck(checkTargets(fullRun()), 'parley-pg', 'Fan-out delivered/s vs socketio');

    expect(check).toMatchObject({ met: false, missBy: 'correctness failed: lost 1, duplicated 0, reordered 0' });
  });

  it('never claims a full-size target from a quick-size run', () => {
    const checks = checkTargets(quickRun());

    expect(findCheck(checks, 'parley-sqlite', 'Idle event-loop lag p99')).toEqual({
      name: 'Idle event-loop lag p99',
      server: 'parley-sqlite',
      target: '< 50 ms at 10,000 sockets',
      actual: '1.00 ms at 1,000 sockets (smaller than 10,000, e.g. a --quick run)',
      met: false,
      missBy: 'not measured at 10,000',
    });
    expect(findCheck(checks, 'parley-pg', 'Many rooms p99')).toMatchObject({ met: false, missBy: 'not measured at 1,000 sent/s' });
    expect(findCheck(checks, 'parley-sqlite', 'Reconnect storm caught up')).toMatchObject({ met: false, missBy: 'not measured at 5,000 clients' });
    const history = checks.filter((c) => c.name.startsWith('History'));
    expect(history).toHaveLength(2);
    expect(history.every((c) => !c.met && c.missBy?.startsWith('not measured at 1,000,000'))).toBe(true);
    const search = checks.filter((c) => c.name.startsWith('Search'));
    expect(search).toHaveLength(4);
    expect(search.every((c) => !c.met && c.missBy === 'not measured at 100,000 messages')).toBe(true);
  });

  it('says why a target could not be checked when the scenario was skipped', () => {
    const run = fullRun();
    const sqlite = run.runs.find((r) => r.server.key === 'parley-sqlite');
    if (!sqlite) throw new Error('fixture has parley-sqlite');
    sqlite.reconnect = { skipped: 'resume disabled by flag' };

    expect(findCheck(checkTargets(run), 'parley-sqlite', 'Reconnect storm caught up')).toMatchObject({
      actual: 'not measured',
      met: false,
      missBy: 'not measured (skipped: resume disabled by flag)',
    });
  });
});

describe('formatTable', () => {
  const table = formatTable(fullRun());

  it('prints the machine, the ratio lines and the target checklist', () => {
    expect(table).toContain('Machine: AMD EPYC 7B13, 2 CPUs, 7.80 GB RAM');
    expect(table).toContain('parley-sqlite / bare-ws = 0.50x  best sustained delivered/s (higher is better)');
    expect(table).toContain('parley-sqlite / socketio = 0.75x  RSS per socket (lower is better)');
    expect(table).toMatch(/✗ +parley-sqlite +Fan-out delivered\/s vs bare-ws .*missed by: 0\.30x short/);
    expect(table).toMatch(/✓ +parley-sqlite +Fan-out delivered\/s vs socketio/);
  });

  it('flags lost messages and a saturated generator loudly', () => {
    expect(table).toContain('!! CORRECTNESS FAILED parley-pg: lost 1, duplicated 0, reordered 0 (999,999 of 1,000,000 delivered) !!');
    expect(table).toContain('!! GENERATOR SATURATED parley-pg: 0.97 of 1.00 cores');
    expect(table).toContain('correctness parley-sqlite: ok');
    expect(table).not.toContain('GENERATOR SATURATED parley-sqlite');
  });

  it('shows why a scenario was skipped and lines figures up in columns', () => {
    expect(table).toMatch(/socketio +skipped: Socket\.IO has no resume by seq/);
    expect(table).toContain('skipped: not asked for (--scenarios)');
    expect(table).toMatch(/parley-sqlite +Chinese, common \(数据库\) +100,000 +20 +20 +300 +4\.00 ms +62\.0 ms/);
    const idleRows = table.split('\n').filter((line) => /^ {2}(parley-sqlite|bare-ws) /.test(line) && line.includes('KB'));
    expect(idleRows).toHaveLength(2);
    expect(idleRows[0]?.length).toBe(idleRows[1]?.length);
  });
});

describe('fanoutChart', () => {
  it('draws a well-formed SVG with a p99 and a p50 line per server', () => {
    const svg = fanoutChart(fullRun());

    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    assertBalancedTags(svg);
    for (const key of ['parley-sqlite', 'parley-pg', 'bare-ws', 'socketio']) {
      expect(svg.match(new RegExp(`<polyline class="p99" data-server="${key}"`, 'g'))).toHaveLength(1);
      expect(svg.match(new RegExp(`<polyline class="p50" data-server="${key}"`, 'g'))).toHaveLength(1);
    }
    expect(svg).toContain('Big-room fan-out: latency vs offered load (1,000 members)');
    expect(svg).toContain('200 ms: sustained limit');
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('escapes markup in server labels', () => {
    const run = fullRun();
    const socketio = run.runs.find((r) => r.server.key === 'socketio');
    if (!socketio) throw new Error('fixture has socketio');
    socketio.server.label = 'Socket.IO <4> & "rooms"';
    const svg = fanoutChart(run);

    expect(svg).toContain('Socket.IO &lt;4&gt; &amp; &quot;rooms&quot;');
    expect(svg).not.toContain('<4>');
    assertBalancedTags(svg);
  });

  it('clamps latencies beyond the axis instead of drawing off the chart', () => {
    const run = fullRun();
    const bare = run.runs.find((r) => r.server.key === 'bare-ws');
    const fanout = bare?.fanout;
    const first = fanout && !('skipped' in fanout) ? fanout.steps[0] : undefined;
    if (!fanout || 'skipped' in fanout || !first) throw new Error('fixture has a bare-ws fan-out');
    fanout.steps.push({ ...first, offeredPerSecond: 1_600, latency: { p50: 0.2, p99: 60_000, max: 90_000, count: 10 } });
    const svg = fanoutChart(run);
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));

    expect(ys).toHaveLength(18); // 17 steps over four servers, and the legend's sample dot
    expect(Math.min(...ys)).toBe(60); // the 60 s p99 sits on the 5,000 ms line
    expect(ys.every((y) => y <= 430)).toBe(true);
    assertBalancedTags(svg);
  });
});

describe('formatMarkdown', () => {
  it('renders each scenario as a table with ratios, the targets, the machine and the command', () => {
    const markdown = formatMarkdown(fullRun());

    expect(markdown).toContain('### Big-room fan-out');
    expect(markdown).toContain('| server | members | steps | best offered | delivered | p50 | p99 | max | server CPU |');
    expect(markdown).toContain('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    expect(markdown).toContain('| parley-sqlite | 1,000 | 4 | 200/s | 198,000/s |');
    expect(markdown).toContain('| socketio | _skipped: Socket.IO has no resume by seq_ |');
    expect(markdown).toContain('- parley-sqlite / bare-ws = 0.50x  best sustained delivered/s (higher is better)');
    expect(markdown).toContain('- **⚠ CORRECTNESS FAILED parley-pg: lost 1, duplicated 0, reordered 0');
    expect(markdown).toContain('### Targets (issues #7 and #9)');
    expect(markdown).toMatch(/\| ✗ \| parley-sqlite \| Fan-out delivered\/s vs bare-ws \| \\>= 0\.8x bare-ws \|/);
    expect(markdown).toContain('- **Command:** `npm run bench`');
    expect(markdown).toContain('- **Date:** 2025-06-01T10:00:00.000Z');
    expect(markdown).toContain('AMD EPYC 7B13');
  });
});
