/** Parley / baseline ratios for every figure both sides measured in the same run (issue #7). */
import type { BenchRun, ServerKey, ServerRun } from './results.js';
import { findRun, measured, parleyRuns, type ScenarioKey } from './outcomes.js';

/** One figure of one Parley server set against one baseline server. */
export interface Comparison {
  scenario: ScenarioKey;
  /** What was compared, e.g. 'best delivered/s'. */
  figure: string;
  unit: string;
  /** Which direction is good for the figure: for 'lower', a ratio under 1 favours Parley. */
  better: 'higher' | 'lower';
  server: ServerKey;
  baseline: ServerKey;
  value: number;
  baselineValue: number;
  /** value / baselineValue. */
  ratio: number;
  /** True when the ratio is on Parley's side of 1 (a tie counts). */
  favoursParley: boolean;
}

interface FigureSpec {
  scenario: ScenarioKey;
  figure: string;
  unit: string;
  better: 'higher' | 'lower';
  read: (serverRun: ServerRun) => number | undefined;
}

/** The baselines every Parley figure is set against, in the order the report prints them. */
export const BASELINES: readonly ServerKey[] = ['bare-ws', 'socketio'];

const FIGURES: readonly FigureSpec[] = [
  {
    scenario: 'idle',
    figure: 'RSS per socket',
    unit: 'KB',
    better: 'lower',
    read: (r) => measured(r.idle)?.rssPerSocketKb,
  },
  {
    scenario: 'idle',
    figure: 'idle event-loop lag p99',
    unit: 'ms',
    better: 'lower',
    read: (r) => measured(r.idle)?.lagP99Ms,
  },
  {
    scenario: 'fanout',
    figure: 'best sustained delivered/s',
    unit: '/s',
    better: 'higher',
    read: (r) => measured(r.fanout)?.best?.deliveredPerSecond,
  },
  {
    scenario: 'manyRooms',
    figure: 'delivered/s',
    unit: '/s',
    better: 'higher',
    read: (r) => measured(r.manyRooms)?.deliveredPerSecond,
  },
  {
    scenario: 'manyRooms',
    figure: 'p99 latency',
    unit: 'ms',
    better: 'lower',
    read: (r) => measured(r.manyRooms)?.latency.p99,
  },
  {
    scenario: 'reconnect',
    figure: 'reconnect time',
    unit: 's',
    better: 'lower',
    read: (r) => measured(r.reconnect)?.reconnectSeconds,
  },
];

/**
 * Every comparable figure, ordered by figure, then Parley server, then baseline.
 * A pair is left out when either side is missing or skipped, or when the baseline's figure is
 * zero, because a ratio against zero says nothing a reader could use.
 */
export function compareRuns(run: BenchRun): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const spec of FIGURES) {
    for (const parley of parleyRuns(run)) {
      for (const baselineKey of BASELINES) {
        const baseline = findRun(run, baselineKey);
        const comparison = baseline && compareFigure(spec, parley, baseline);
        if (comparison) comparisons.push(comparison);
      }
    }
  }
  return comparisons;
}

function compareFigure(spec: FigureSpec, parley: ServerRun, baseline: ServerRun): Comparison | undefined {
  const value = spec.read(parley);
  const baselineValue = spec.read(baseline);
  if (value === undefined || baselineValue === undefined) return undefined;
  if (!Number.isFinite(value) || !Number.isFinite(baselineValue) || value < 0 || baselineValue <= 0) return undefined;
  const ratio = value / baselineValue;
  return {
    scenario: spec.scenario,
    figure: spec.figure,
    unit: spec.unit,
    better: spec.better,
    server: parley.server.key,
    baseline: baseline.server.key,
    value,
    baselineValue,
    ratio,
    favoursParley: spec.better === 'higher' ? ratio >= 1 : ratio <= 1,
  };
}
