/**
 * `npm run bench`: Parley and its baselines, one server process at a time on the same pinned cores,
 * driven by the same load generator, in one run. Prints a table with ratios and writes JSON, an SVG
 * chart and a markdown report to bench/results/ (or --out).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem, type as osType, release } from 'node:os';
import { join, relative } from 'node:path';
import { parseFlags, USAGE, type BenchOptions } from './flags.js';
import { LoadPool } from './load/pool.js';
import { fanoutChart } from './report/chart.js';
import { formatMarkdown } from './report/markdown.js';
import type { BenchRun, ServerRun } from './report/results.js';
import { formatTable } from './report/table.js';
import { pin } from './servers/launch.js';
import type { Layout } from './servers/seed.js';
import { scaledOutUnavailable, SERVER_INFO, startServer } from './servers/start.js';
import { runFanout } from './scenarios/fanout.js';
import { runHistory } from './scenarios/history.js';
import { runRoomScenarios } from './scenarios/rooms.js';
import { runSearch } from './scenarios/search.js';
import type { Population } from './scenarios/target.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function layoutOf(o: BenchOptions): { layout: Layout; population: Population; fanoutRoom: string } {
  const { rooms, membersPerRoom, fanoutMembers } = o.sizes;
  const population: Population = {
    rooms: Array.from({ length: rooms }, (_, r) => ({ id: randomUUID(), members: Array.from({ length: membersPerRoom }, (_, m) => r * membersPerRoom + m) })),
  };
  const fanoutRoom = randomUUID();
  const layout: Layout = {
    users: Math.max(rooms * membersPerRoom, fanoutMembers),
    rooms: [...population.rooms, { id: fanoutRoom, members: Array.from({ length: fanoutMembers }, (_, i) => i) }],
    history: o.scenarios.includes('history')
      ? { bigRoomMessages: o.sizes.bigRoomMessages, smallRooms: o.sizes.smallRooms, smallRoomMessages: o.sizes.smallRoomMessages }
      : undefined,
    search: o.scenarios.includes('search') ? { messages: o.sizes.searchMessages, rooms: o.sizes.searchRooms } : undefined,
  };
  return { layout, population, fanoutRoom };
}

async function benchServer(key: ServerRun['server']['key'], o: BenchOptions, pool: LoadPool): Promise<ServerRun> {
  const run: ServerRun = { server: SERVER_INFO[key] };
  const { layout, population, fanoutRoom } = layoutOf(o);
  say(`\n== ${run.server.label}: starting${key.startsWith('parley') ? ' (seeding users, rooms and history first)' : ''}`);
  const started = await startServer(key, o.serverCpus, layout, o.cpuProf ? join(o.out, 'profiles') : undefined);
  const target = { ...started, pool, generatorCores: o.generatorCpus.split(',').length };
  const has = (s: BenchOptions['scenarios'][number]) => o.scenarios.includes(s);
  try {
    if (has('idle') || has('many-rooms') || has('reconnect')) {
      say(`   idle / many rooms / reconnect: ${population.rooms.length} rooms x ${o.sizes.membersPerRoom} sockets`);
      const r = await runRoomScenarios(target, population, o.sizes, { idle: has('idle'), manyRooms: has('many-rooms'), reconnect: has('reconnect') });
      Object.assign(run, r);
    }
    if (has('fanout')) {
      say(`   fan-out: 1 room x ${o.sizes.fanoutMembers} sockets, rising rate`);
      run.fanout = await runFanout(target, fanoutRoom, { ...o.sizes, members: o.sizes.fanoutMembers, senders: o.sizes.fanoutSenders });
    }
    if (has('history')) {
      if (started.info.kind === 'baseline') run.history = { skipped: 'stores no history' };
      else {
        say(`   history: ${o.sizes.pages} pages in each case (seeded in ${started.history?.seedSeconds ?? 0} s)`);
        run.history = await runHistory(target, o.sizes);
      }
    }
    if (has('search')) {
      if (started.info.kind === 'baseline') run.search = { skipped: 'has no search' };
      else {
        say(`   search: ${o.sizes.searchQueries} queries in each case over ${o.sizes.searchMessages} messages (seeded in ${started.search?.seedSeconds ?? 0} s)`);
        run.search = await runSearch(target, o.sizes);
      }
    }
  } catch (err) {
    run.error = err instanceof Error ? err.message : String(err);
    say(`!! ${run.server.label} failed: ${run.error}`);
    await pool.closeClients().catch(() => undefined);
  } finally {
    await started.server.stop();
    await started.cleanup();
  }
  return run;
}

function machine(o: BenchOptions): BenchRun['machine'] {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: availableParallelism(),
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${osType()} ${release()}`,
    node: process.version,
    serverCpus: o.serverCpus,
    generatorCpus: o.generatorCpus,
  };
}

async function main(): Promise<void> {
  const parsed = parseFlags(process.argv.slice(2));
  if (parsed === 'help') return say(USAGE);
  const o = parsed;
  if (o.servers.includes('parley-pg')) {
    const why = await scaledOutUnavailable();
    if (why) {
      say(`!!! SKIPPING Parley on PostgreSQL + Redis: ${why}`);
      o.servers = o.servers.filter((s) => s !== 'parley-pg');
    }
  }
  const host = machine(o);
  // The generator keeps to the cores the servers do not use; worker threads inherit this.
  if (!pin(process.pid, o.generatorCpus)) say('!!! taskset unavailable: server and generator share every core');
  const startedAt = new Date();
  const pool = new LoadPool(o.threads);
  const runs: ServerRun[] = [];
  try {
    for (const key of o.servers) runs.push(await benchServer(key, o, pool));
  } finally {
    await pool.stop();
  }
  const result: BenchRun = {
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    command: `npm run bench --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`.replace(/ --$/, ''),
    quick: o.quick,
    machine: host,
    sizes: { ...o.sizes },
    runs,
  };
  say(`\n${formatTable(result)}`);
  mkdirSync(o.out, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  for (const [name, content] of [
    [`${stamp}.json`, JSON.stringify(result, null, 2)],
    [`${stamp}-fanout.svg`, fanoutChart(result)],
    [`${stamp}.md`, formatMarkdown(result)],
  ] as const) {
    writeFileSync(join(o.out, name), content);
    writeFileSync(join(o.out, name.replace(stamp, 'latest')), content);
  }
  const shown = relative(process.cwd(), o.out);
  say(`results: ${join(shown.startsWith('..') ? o.out : shown, stamp)}.{json,md} and -fanout.svg (also as latest.*)`);
  if (runs.some((r) => r.error)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
