/** One neutral model of the report, so the stdout table and docs/benchmarks.md can never disagree. */
import type { BenchRun, Correctness, FanoutResult, GeneratorLoad, ServerRun } from './results.js';
import { fmtInt, fmtMs, fmtNum, fmtRate, fmtRatio, fmtSeconds } from './format.js';
import { describeFaults, hasScenario, measured, reasonMissing, type ScenarioKey } from './outcomes.js';
import { compareRuns, type Comparison } from './ratios.js';

/** A row of figures for one server, or the reason it has none. */
export type SectionRow = { server: string; cells: string[] } | { server: string; skipped: string };

/** A line under a table; alarm lines are what a reader must not miss (loss, a saturated generator). */
export interface Note {
  text: string;
  alarm: boolean;
}

export interface Section {
  scenario: ScenarioKey;
  title: string;
  /** Column headings after the 'server' column. */
  columns: string[];
  rows: SectionRow[];
  ratios: string[];
  notes: Note[];
}

/** At or above this share of its cores the generator, not the server, may be what limited the figures. */
export const SATURATION_SHARE = 0.9;

interface ScenarioSpec {
  scenario: ScenarioKey;
  title: string;
  columns: string[];
  /** Rows for a server that measured the scenario; undefined sends the row to reasonMissing. */
  rows: (serverRun: ServerRun) => string[][] | undefined;
  notes: (serverRun: ServerRun) => Note[];
}

const SPECS: readonly ScenarioSpec[] = [
  {
    scenario: 'idle',
    title: 'Idle sockets',
    columns: ['sockets', 'RSS before', 'RSS after', 'RSS/socket', 'lag p50', 'lag p99', 'lag max', 'connect'],
    rows: (r) => {
      const idle = measured(r.idle);
      if (!idle) return undefined;
      const mb = (value: number): string => `${fmtNum(value)} MB`;
      return [[fmtInt(idle.sockets), mb(idle.rssBeforeMb), mb(idle.rssAfterMb), `${fmtNum(idle.rssPerSocketKb)} KB`,
        fmtMs(idle.lagP50Ms), fmtMs(idle.lagP99Ms), fmtMs(idle.lagMaxMs), fmtSeconds(idle.connectSeconds)]];
    },
    notes: () => [],
  },
  {
    scenario: 'fanout',
    title: 'Big-room fan-out',
    columns: ['members', 'steps', 'best offered', 'delivered', 'p50', 'p99', 'max', 'server CPU'],
    rows: (r) => {
      const fanout = measured(r.fanout);
      if (!fanout) return undefined;
      const best = fanout.best;
      if (!best) return [[fmtInt(fanout.members), String(fanout.steps.length), 'none sustained', '—', '—', '—', '—', '—']];
      return [[fmtInt(fanout.members), String(fanout.steps.length), fmtRate(best.offeredPerSecond), fmtRate(best.deliveredPerSecond),
        fmtMs(best.latency.p50), fmtMs(best.latency.p99), fmtMs(best.latency.max), cores(best.serverCores)]];
    },
    notes: (r) => {
      const fanout = measured(r.fanout);
      if (!fanout) return [];
      const peak = peakGenerator(fanout);
      return [correctnessNote(r, fanout.correctness), ...(peak ? [generatorNote(r, peak, 'peak over the steps')] : [])];
    },
  },
  {
    scenario: 'manyRooms',
    title: 'Many rooms',
    columns: ['rooms x members', 'sent', 'delivered', 'p50', 'p99', 'max', 'server CPU'],
    rows: (r) => {
      const many = measured(r.manyRooms);
      if (!many) return undefined;
      return [[`${fmtInt(many.rooms)} x ${fmtInt(many.membersPerRoom)}`, fmtRate(many.sentPerSecond), fmtRate(many.deliveredPerSecond),
        fmtMs(many.latency.p50), fmtMs(many.latency.p99), fmtMs(many.latency.max), cores(many.serverCores)]];
    },
    notes: (r) => {
      const many = measured(r.manyRooms);
      return many ? [correctnessNote(r, many.correctness), generatorNote(r, many.generator, '')] : [];
    },
  },
  {
    scenario: 'history',
    title: 'History pages',
    columns: ['case', 'messages/room', 'rooms', 'pages', 'p50', 'p99', 'max'],
    rows: (r) => {
      const history = measured(r.history);
      if (!history) return undefined;
      return history.cases.map((c) => [c.label, fmtInt(c.messagesInRoom), fmtInt(c.rooms), fmtInt(c.pages),
        fmtMs(c.latency.p50), fmtMs(c.latency.p99), fmtMs(c.latency.max)]);
    },
    notes: (r) => {
      const history = measured(r.history);
      return history ? [{ text: `seeding ${r.server.key}: ${fmtSeconds(history.seedSeconds)}`, alarm: false }] : [];
    },
  },
  {
    scenario: 'reconnect',
    title: 'Reconnect storm',
    columns: ['clients', 'missed messages', 'reconnected', 'caught up'],
    rows: (r) => {
      const storm = measured(r.reconnect);
      if (!storm) return undefined;
      const caughtUp = storm.caughtUpSeconds === null ? 'cannot resume' : fmtSeconds(storm.caughtUpSeconds);
      return [[fmtInt(storm.clients), fmtInt(storm.missedMessages), fmtSeconds(storm.reconnectSeconds), caughtUp]];
    },
    notes: (r) => {
      const storm = measured(r.reconnect);
      return storm ? [correctnessNote(r, storm.correctness)] : [];
    },
  },
  {
    scenario: 'search',
    title: 'Search',
    columns: ['case', 'messages', 'rooms', 'first page', 'queries', 'p50', 'p99', 'max'],
    rows: (r) => {
      const search = measured(r.search);
      if (!search) return undefined;
      return search.cases.map((c) => [c.label, fmtInt(search.messages), fmtInt(search.rooms), fmtInt(c.firstPageHits), fmtInt(c.queries),
        fmtMs(c.latency.p50), fmtMs(c.latency.p99), fmtMs(c.latency.max)]);
    },
    notes: (r) => {
      const search = measured(r.search);
      return search ? [{ text: `seeding ${r.server.key} search rooms: ${fmtSeconds(search.seedSeconds)}`, alarm: false }] : [];
    },
  },
];

/** The sections the run has anything for, in the issue's scenario order. */
export function buildSections(run: BenchRun): Section[] {
  const comparisons = compareRuns(run);
  return SPECS.filter((spec) => hasScenario(run, spec.scenario)).map((spec) => ({
    scenario: spec.scenario,
    title: spec.title,
    columns: spec.columns,
    rows: run.runs.flatMap((serverRun) => rowsFor(spec, serverRun)),
    ratios: comparisons.filter((c) => c.scenario === spec.scenario).map(ratioLine),
    notes: run.runs.flatMap((serverRun) => spec.notes(serverRun)),
  }));
}

/** A server that never had the scenario (a baseline has no history) gets no row; a failed or skipped one says why. */
function rowsFor(spec: ScenarioSpec, serverRun: ServerRun): SectionRow[] {
  const server = serverRun.server.key;
  if (serverRun[spec.scenario] === undefined && serverRun.error === undefined) return [];
  const rows = spec.rows(serverRun);
  if (rows === undefined) return [{ server, skipped: reasonMissing(serverRun, spec.scenario) }];
  if (rows.length === 0) return [{ server, skipped: 'no cases ran' }];
  return rows.map((cells) => ({ server, cells }));
}

/** 'parley-sqlite / bare-ws = 0.86x  best sustained delivered/s (higher is better)'. */
export function ratioLine(comparison: Comparison): string {
  const { server, baseline, ratio, figure, better } = comparison;
  return `${server} / ${baseline} = ${fmtRatio(ratio)}  ${figure} (${better} is better)`;
}

function cores(value: number): string {
  return `${fmtNum(value)} cores`;
}

function correctnessNote(serverRun: ServerRun, correctness: Correctness): Note {
  const key = serverRun.server.key;
  const counts = `${fmtInt(correctness.delivered)} of ${fmtInt(correctness.expected)} delivered`;
  const faults = describeFaults(correctness);
  if (faults === undefined) return { text: `correctness ${key}: ok, ${counts}, none lost, duplicated or reordered`, alarm: false };
  return { text: `CORRECTNESS FAILED ${key}: ${faults} (${counts})`, alarm: true };
}

function peakGenerator(fanout: FanoutResult): GeneratorLoad | undefined {
  const loads = fanout.steps.map((step) => step.generator);
  return loads.reduce<GeneratorLoad | undefined>((peak, load) => (!peak || load.cores > peak.cores ? load : peak), undefined);
}

function generatorNote(serverRun: ServerRun, load: GeneratorLoad, qualifier: string): Note {
  const used = `${fmtNum(load.cores)} of ${fmtNum(load.coresAvailable)} cores${qualifier ? ` (${qualifier})` : ''}`;
  const key = serverRun.server.key;
  if (load.cores >= SATURATION_SHARE * load.coresAvailable) {
    return { text: `GENERATOR SATURATED ${key}: ${used}; these figures may be the generator's limit, not the server's`, alarm: true };
  }
  return { text: `generator ${key}: ${used}`, alarm: false };
}

/** Machine, command and date lines that head both the table and the markdown. */
export function describeMachine(run: BenchRun): string {
  const m = run.machine;
  return `${m.cpuModel}, ${m.cpus} CPUs, ${fmtNum(m.memoryGb)} GB RAM, ${m.os}, Node ${m.node}; ` +
    `servers on CPUs ${m.serverCpus}, generator on CPUs ${m.generatorCpus}`;
}
