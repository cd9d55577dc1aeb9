/** A realistic full BenchRun for the report tests: four servers, one skipped scenario, one lost message. */
import type { BenchRun, Correctness, FanoutStep, GeneratorLoad, Latency, ServerRun } from '../src/report/results.js';

export function latency(p50: number, p99: number, max = p99 * 1.5, count = 10_000): Latency {
  return { p50, p99, max, count };
}

export function clean(expected: number): Correctness {
  return { expected, delivered: expected, lost: 0, duplicated: 0, reordered: 0 };
}

const calm: GeneratorLoad = { cores: 0.4, coresAvailable: 1 };

/** Steps of 50, 100, 200… offered/s to a 1,000-member room; the first `sustainedSteps` stay under 200 ms. */
export function fanoutSteps(sustainedSteps: number, total = sustainedSteps + 1): FanoutStep[] {
  return Array.from({ length: total }, (_, index) => {
    const offered = 50 * 2 ** index;
    const sustained = index < sustainedSteps;
    return {
      offeredPerSecond: offered,
      deliveredPerSecond: offered * 990,
      latency: sustained ? latency(2 + index, 20 + index * 30) : latency(180, 900 + index * 400),
      sustained,
      generator: { cores: 0.3 + index * 0.1, coresAvailable: 1 },
      serverCores: 0.5 + index * 0.1,
    };
  });
}

function fanout(sustainedSteps: number, correctness: Correctness = clean(1_000_000)) {
  const steps = fanoutSteps(sustainedSteps);
  return { members: 1_000, steps, best: steps[sustainedSteps - 1] ?? null, correctness };
}

function idle(rssPerSocketKb: number, lagP99Ms: number, sockets = 10_000) {
  return {
    sockets,
    rssBeforeMb: 60,
    rssAfterMb: 60 + (rssPerSocketKb * sockets) / 1024,
    rssPerSocketKb,
    lagP50Ms: lagP99Ms / 4,
    lagP99Ms,
    lagMaxMs: lagP99Ms * 2,
    connectSeconds: 4.2,
  };
}

function manyRooms(p99: number, generator: GeneratorLoad = calm, sentPerSecond = 1_000) {
  return {
    rooms: 500,
    membersPerRoom: 20,
    sentPerSecond,
    deliveredPerSecond: sentPerSecond * 19,
    latency: latency(p99 / 5, p99),
    generator,
    serverCores: 0.7,
    correctness: clean(sentPerSecond * 19 * 30),
  };
}

function history(bigP99: number, smallP99: number) {
  return {
    seedSeconds: 48,
    cases: [
      { label: '1,000,000-message room', messagesInRoom: 1_000_000, rooms: 1, pages: 2_000, latency: latency(1.1, bigP99) },
      { label: '500 smaller rooms', messagesInRoom: 2_000, rooms: 500, pages: 2_000, latency: latency(0.9, smallP99) },
    ],
  };
}

function search(messages: number, commonP99: number, rareP99: number) {
  return {
    messages,
    rooms: 20,
    seedSeconds: 3,
    cases: [
      { label: 'Chinese, common (数据库)', query: '数据库', firstPageHits: 20, queries: 300, latency: latency(4, commonP99) },
      { label: 'Chinese + digits, rare (1 in 5,000)', query: '工单1234', firstPageHits: 20, queries: 300, latency: latency(2, rareP99) },
    ],
  };
}

function reconnect(reconnectSeconds: number, caughtUpSeconds: number | null) {
  return { clients: 5_000, missedMessages: 20_000, reconnectSeconds, caughtUpSeconds, correctness: clean(20_000) };
}

export function fullRun(): BenchRun {
  const sqlite: ServerRun = {
    server: { key: 'parley-sqlite', label: 'Parley (SQLite)', kind: 'parley', detail: 'SQLite (WAL), in-process bus' },
    idle: idle(18, 12),
    fanout: fanout(3), // best 200 offered/s → 198,000 delivered/s
    manyRooms: manyRooms(38),
    history: history(3.1, 6.2),
    reconnect: reconnect(2.5, 4.2),
    search: search(100_000, 62, 9),
  };
  const pg: ServerRun = {
    server: { key: 'parley-pg', label: 'Parley (PostgreSQL + Redis)', kind: 'parley', detail: 'PostgreSQL 16, Redis bus' },
    idle: idle(20, 14),
    fanout: fanout(3, { expected: 1_000_000, delivered: 999_999, lost: 1, duplicated: 0, reordered: 0 }),
    manyRooms: manyRooms(44, { cores: 0.97, coresAvailable: 1 }),
    history: history(4.0, 7.5),
    reconnect: reconnect(3.1, 5.0),
    search: { skipped: 'not asked for (--scenarios)' },
  };
  const bare: ServerRun = {
    server: { key: 'bare-ws', label: 'bare ws', kind: 'baseline', detail: 'ws 8, no auth, no storage' },
    idle: idle(6, 3),
    fanout: fanout(4), // best 400 offered/s → 396,000 delivered/s
    manyRooms: manyRooms(9),
    reconnect: reconnect(1.5, null),
  };
  const socketio: ServerRun = {
    server: { key: 'socketio', label: 'Socket.IO 4', kind: 'baseline', detail: 'socket.io 4.8, in-memory adapter' },
    idle: idle(24, 9),
    fanout: fanout(2), // best 100 offered/s → 99,000 delivered/s
    manyRooms: manyRooms(19),
    reconnect: { skipped: 'Socket.IO has no resume by seq' },
  };
  return {
    startedAt: '2025-06-01T10:00:00.000Z',
    durationSeconds: 1_260,
    command: 'npm run bench',
    quick: false,
    machine: {
      cpuModel: 'AMD EPYC 7B13',
      cpus: 2,
      memoryGb: 7.8,
      os: 'linux 6.8.0',
      node: 'v20.20.2',
      serverCpus: '0',
      generatorCpus: '1',
    },
    sizes: { idleSockets: 10_000, fanoutMembers: 1_000, rooms: 500, membersPerRoom: 20, reconnectClients: 5_000 },
    runs: [sqlite, pg, bare, socketio],
  };
}

/** The same servers at --quick sizes, with figures that would beat every target at full size. */
export function quickRun(): BenchRun {
  const run = fullRun();
  run.quick = true;
  run.command = 'npm run bench -- --quick';
  for (const serverRun of run.runs) {
    if (serverRun.server.kind !== 'parley') continue;
    serverRun.idle = idle(5, 1, 1_000);
    serverRun.manyRooms = manyRooms(5, calm, 200);
    serverRun.history = {
      seedSeconds: 1,
      cases: [{ label: '10,000-message room', messagesInRoom: 10_000, rooms: 1, pages: 200, latency: latency(0.3, 0.8) }],
    };
    serverRun.reconnect = { ...reconnect(0.5, 0.9), clients: 500 };
    serverRun.search = search(20_000, 3, 1);
  }
  return run;
}
