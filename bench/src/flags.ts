import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ServerKey } from './report/results.js';
import type { FanoutSizes } from './scenarios/fanout.js';
import type { HistorySizes } from './scenarios/history.js';
import type { RoomsSizes } from './scenarios/rooms.js';
import type { SearchSizes } from './scenarios/search.js';

export const SCENARIOS = ['idle', 'many-rooms', 'reconnect', 'fanout', 'history', 'search'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
const SERVER_KEYS: readonly ServerKey[] = ['bare-ws', 'socketio', 'parley-sqlite', 'parley-pg'];

/** The fan-out sizes apart from the two that are named for the fan-out room in the flat set. */
type Sizes = RoomsSizes & Omit<FanoutSizes, 'members' | 'senders'> & { fanoutMembers: number; fanoutSenders: number } & HistorySizes & SearchSizes;

export interface BenchOptions {
  quick: boolean;
  /** Absolute directory the JSON, markdown, chart (and profiles) are written to. */
  out: string;
  /** Servers write V8 CPU profiles (open in Chrome DevTools or speedscope) under <results>/profiles/<server>/. */
  cpuProf: boolean;
  servers: ServerKey[];
  scenarios: ScenarioName[];
  serverCpus: string;
  generatorCpus: string;
  threads: number;
  /** Every scenario's sizes in one flat set, each settable as --kebab-case-name. */
  sizes: Sizes;
}

const FULL: BenchOptions['sizes'] = {
  rooms: 500, membersPerRoom: 20, idleMs: 10_000, manyRoomsRate: 1000, manyRoomsMs: 10_000, warmupMs: 2000, missedPerRoom: 4,
  fanoutMembers: 1000, fanoutSenders: 10, stepMs: 3000, startRate: 20, factor: 1.5, refineSteps: 3, p99LimitMs: 200, maxRate: 20_000,
  bigRoomMessages: 1_000_000, smallRooms: 500, smallRoomMessages: 200, pages: 2000,
  searchMessages: 100_000, searchRooms: 20, searchQueries: 300,
};

/** About a minute in all: the same scenarios at a tenth of the size, SQLite only. */
const QUICK: BenchOptions['sizes'] = {
  ...FULL, rooms: 50, idleMs: 2000, manyRoomsRate: 500, manyRoomsMs: 3000, warmupMs: 1000,
  fanoutMembers: 200, stepMs: 1500, startRate: 50, factor: 2, refineSteps: 1,
  bigRoomMessages: 50_000, smallRooms: 50, smallRoomMessages: 200, pages: 300,
  searchMessages: 20_000, searchRooms: 10, searchQueries: 50,
};

/** Sizes where 0 is meaningful: no bisection after the rising rate first fails. */
const MAY_BE_ZERO: ReadonlySet<string> = new Set(['refineSteps']);

/** bench/results/, from bench/src or bench/dist alike. */
const DEFAULT_OUT = fileURLToPath(new URL('../results/', import.meta.url));

export const USAGE = `npm run bench [-- options]
  --quick                 about a minute: small sizes, SQLite Parley and the two baselines
  --cpu-prof              each server writes a V8 CPU profile to <out>/profiles/<server>/
  --out DIR               where results are written, created if missing (default: bench/results/)
  --servers a,b           of ${SERVER_KEYS.join(', ')} (default: all; parley-pg when PostgreSQL and Redis answer)
  --scenarios a,b         of ${SCENARIOS.join(', ')} (default: all)
  --server-cpus 0         cores the server under test is pinned to (taskset); the generator gets the rest
  --threads N             load-generator worker threads (default: 2)
  --<size> N              override a size: ${Object.keys(FULL).map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(', ')}
Environment: PARLEY_BENCH_DATABASE_URL (default postgres://postgres:parley@127.0.0.1:5432/parley_bench, dropped and
created per run), PARLEY_BENCH_REDIS_URL (default redis://127.0.0.1:6379).`;

function list<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length > 0) throw new Error(`--${flag}: unknown ${bad.join(', ')} (choose from ${allowed.join(', ')})`);
  return items as T[];
}

function otherCpus(serverCpus: string, total: number): string {
  const used = new Set(serverCpus.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
  }));
  const rest = Array.from({ length: total }, (_, i) => i).filter((c) => !used.has(c));
  return rest.length > 0 ? rest.join(',') : serverCpus;
}

export function parseFlags(argv: string[]): BenchOptions | 'help' {
  const sizeKeys = Object.keys(FULL).map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      servers: { type: 'string' },
      scenarios: { type: 'string' },
      'server-cpus': { type: 'string', default: '0' },
      threads: { type: 'string', default: '2' },
      ...Object.fromEntries(sizeKeys.map((k) => [k, { type: 'string' as const }])),
    },
    strict: true,
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const sizes = { ...(quick ? QUICK : FULL) };
  for (const [key, flag] of Object.keys(FULL).map((k, i) => [k, sizeKeys[i]!] as const)) {
    const raw = (values as Record<string, string | boolean | undefined>)[flag];
    if (typeof raw !== 'string') continue;
    const n = Number(raw);
    const zeroOk = MAY_BE_ZERO.has(key);
    if (!Number.isFinite(n) || n < 0 || (n === 0 && !zeroOk)) throw new Error(`--${flag} must be ${zeroOk ? 'zero or more' : 'a positive number'} (got ${raw})`);
    sizes[key as keyof typeof sizes] = n;
  }
  if (values.out === '') throw new Error('--out must name a directory');
  const serverCpus = String(values['server-cpus']);
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(serverCpus)) throw new Error(`--server-cpus must look like 0 or 0-1 (got ${serverCpus})`);
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new Error(`--threads must be 1-64 (got ${String(values.threads)})`);
  return {
    quick,
    out: resolve(typeof values.out === 'string' ? values.out : DEFAULT_OUT),
    cpuProf: values['cpu-prof'] === true,
    servers: list(values.servers as string | undefined, SERVER_KEYS, 'servers') ?? (quick ? ['bare-ws', 'socketio', 'parley-sqlite'] : [...SERVER_KEYS]),
    scenarios: list(values.scenarios as string | undefined, SCENARIOS, 'scenarios') ?? [...SCENARIOS],
    serverCpus,
    generatorCpus: otherCpus(serverCpus, availableParallelism()),
    threads,
    sizes,
  };
}
