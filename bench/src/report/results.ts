/** The shape of one bench run: printed as a table, written as JSON to bench/results/, drawn as a chart. */

/** Latency figures in milliseconds. */
export interface Latency {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** What the in-bench checker saw: a fast but wrong server cannot pass. */
export interface Correctness {
  /** Messages a client should have received (every message sent to its room while it followed it). */
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Deliveries that arrived with a seq lower than one already seen (out of order, not a duplicate). */
  reordered: number;
}

/** Where the load generator spent its time, so a reader can tell when it, not the server, was the limit. */
export interface GeneratorLoad {
  /** CPU seconds used by the generator (all its threads) per wall second: 1.0 is one core busy. */
  cores: number;
  /** The cores it was allowed to use. */
  coresAvailable: number;
}

/** One server process under test. */
export interface ServerInfo {
  /** Stable key: 'parley-sqlite', 'parley-pg', 'bare-ws', 'socketio'. */
  key: ServerKey;
  label: string;
  kind: 'parley' | 'baseline';
  /** Free text: storage and bus, e.g. 'SQLite (WAL), in-process bus'. */
  detail: string;
}

export type ServerKey = 'parley-sqlite' | 'parley-pg' | 'bare-ws' | 'socketio';

export interface IdleResult {
  sockets: number;
  /** RSS after a GC, before any socket connected. */
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPerSocketKb: number;
  /** Event-loop delay while the sockets sat idle (heartbeats and presence still running). */
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Time to open, authenticate and subscribe every socket. */
  connectSeconds: number;
}

export interface FanoutStep {
  /** Messages per second offered to the room. */
  offeredPerSecond: number;
  /** Deliveries (one message to one socket) per second actually seen. */
  deliveredPerSecond: number;
  latency: Latency;
  /** p99 within the limit and nothing lost. */
  sustained: boolean;
  generator: GeneratorLoad;
  /** Server process CPU per wall second during the step. */
  serverCores: number;
}

export interface FanoutResult {
  members: number;
  steps: FanoutStep[];
  /** The highest sustained step, or null when not even the first one was. */
  best: FanoutStep | null;
  correctness: Correctness;
}

/** Inside the server while it was measured: what stalls its event loop. */
export interface ServerHealth {
  lagP99Ms: number;
  lagMaxMs: number;
  gcPauses: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

export interface ManyRoomsResult {
  /** Optional so results written before it was recorded still load. */
  server?: ServerHealth;
  rooms: number;
  membersPerRoom: number;
  sentPerSecond: number;
  deliveredPerSecond: number;
  latency: Latency;
  generator: GeneratorLoad;
  serverCores: number;
  correctness: Correctness;
}

export interface HistoryCase {
  label: string;
  messagesInRoom: number;
  rooms: number;
  pages: number;
  latency: Latency;
}

export interface HistoryResult {
  seedSeconds: number;
  cases: HistoryCase[];
}

export interface SearchCase {
  label: string;
  query: string;
  /** Results on the first page (at most 20), checked against the seed. */
  firstPageHits: number;
  queries: number;
  latency: Latency;
}

export interface SearchBenchResult {
  /** Messages readable by the searching user, across `rooms` rooms. */
  messages: number;
  rooms: number;
  seedSeconds: number;
  cases: SearchCase[];
}

export interface ReconnectResult {
  clients: number;
  /** Messages posted to their rooms while they were away. */
  missedMessages: number;
  /** Until every client was connected, authenticated and subscribed again. */
  reconnectSeconds: number;
  /** Until every client also held every message it missed (null: the server cannot resume). */
  caughtUpSeconds: number | null;
  correctness: Correctness;
}

export interface Skipped {
  skipped: string;
}

export type ScenarioOutcome<T> = T | Skipped;

export interface ServerRun {
  server: ServerInfo;
  idle?: ScenarioOutcome<IdleResult>;
  fanout?: ScenarioOutcome<FanoutResult>;
  manyRooms?: ScenarioOutcome<ManyRoomsResult>;
  history?: ScenarioOutcome<HistoryResult>;
  reconnect?: ScenarioOutcome<ReconnectResult>;
  search?: ScenarioOutcome<SearchBenchResult>;
  /** Set when the server could not be run at all. */
  error?: string;
}

export interface Machine {
  cpuModel: string;
  cpus: number;
  memoryGb: number;
  os: string;
  node: string;
  /** Cores the servers were pinned to, and the cores left to the load generator. */
  serverCpus: string;
  generatorCpus: string;
}

export interface BenchRun {
  startedAt: string;
  durationSeconds: number;
  command: string;
  quick: boolean;
  machine: Machine;
  /** The sizes used, as given by flags or defaults. */
  sizes: Record<string, number>;
  runs: ServerRun[];
}

export function isSkipped<T>(outcome: ScenarioOutcome<T> | undefined): outcome is Skipped {
  return typeof outcome === 'object' && outcome !== null && 'skipped' in outcome;
}
