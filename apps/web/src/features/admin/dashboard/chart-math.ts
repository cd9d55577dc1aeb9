import type { SeriesPoint } from '@parley/protocol';

/** A value axis from 0: its top and the tick values to draw, on 1-2-5 steps so labels stay round. */
export interface Scale {
  max: number;
  ticks: number[];
}

/**
 * The smallest round axis that holds `max` in about `tickCount` steps. Counts are whole numbers,
 * so a step is never below 1, and an empty series still gets a 0–1 axis rather than dividing by 0.
 */
export function niceScale(max: number, tickCount = 4): Scale {
  const top = Math.max(0, Number.isFinite(max) ? max : 0);
  if (top === 0) return { max: 1, ticks: [0, 1] };
  const raw = top / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude);
  const steps = Math.ceil(top / step);
  return { max: steps * step, ticks: Array.from({ length: steps + 1 }, (_, i) => i * step) };
}

/** The index of the point under an x offset in a chart `width` wide with `count` equal slots. */
export function indexAt(x: number, width: number, count: number): number {
  if (count <= 0 || width <= 0) return 0;
  return Math.min(count - 1, Math.max(0, Math.floor((x / width) * count)));
}

export interface SeriesSummary {
  total: number;
  /** The first point with the highest value; undefined when every value is 0. */
  peak: SeriesPoint | undefined;
  /** The newest point. */
  last: SeriesPoint | undefined;
}

export function summarize(points: readonly SeriesPoint[]): SeriesSummary {
  let total = 0;
  let peak: SeriesPoint | undefined;
  for (const p of points) {
    total += p.value;
    if (p.value > 0 && (!peak || p.value > peak.value)) peak = p;
  }
  return { total, peak, last: points.at(-1) };
}

/** Sums points into one bucket per local calendar day (or hour), oldest first, keyed by the bucket's first point. */
export function bucketPoints(points: readonly SeriesPoint[], unit: 'day' | 'hour', reduce: 'sum' | 'max' = 'sum'): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  let key = '';
  for (const p of points) {
    const d = new Date(p.at);
    const k = unit === 'day' ? d.toDateString() : `${d.toDateString()} ${d.getHours()}`;
    const bucket = out.at(-1);
    if (bucket && k === key) bucket.value = reduce === 'sum' ? bucket.value + p.value : Math.max(bucket.value, p.value);
    else out.push({ at: p.at, value: p.value });
    key = k;
  }
  return out;
}

/** Hour steps and day steps a time axis may label; the first that fits the width wins. */
const HOUR_STEPS = [1, 2, 3, 4, 6, 12];
const DAY_STEPS = [1, 2, 3, 5, 7, 10, 15];

/**
 * Which points get an axis label: the server's hour buckets (or the first bucket of each local day),
 * thinned to a round step so labels keep at least `minGap` pixels apart in a chart `width` wide.
 * Hours are found in UTC, so a zone half an hour off UTC still gets its labels (05:30, 06:30…).
 */
export function timeTicks(points: readonly SeriesPoint[], unit: 'hour' | 'day', width: number, minGap: number): number[] {
  const boundaries: number[] = [];
  points.forEach((p, i) => {
    const d = new Date(p.at);
    const prev = i > 0 ? new Date(points[i - 1]!.at) : undefined;
    const dayStart = prev ? prev.getDate() !== d.getDate() : d.getHours() === 0 && d.getMinutes() === 0;
    if (unit === 'hour' ? d.getUTCMinutes() === 0 : dayStart) boundaries.push(i);
  });
  if (points.length === 0 || boundaries.length === 0) return [];
  const slot = width / points.length;
  const steps = unit === 'hour' ? HOUR_STEPS : DAY_STEPS;
  const fits = (step: number) => {
    // Neighbouring labels sit `step` hours (or days) apart: as many slots as points in that span.
    const perUnit = boundaries.length > 1 ? (boundaries[1]! - boundaries[0]!) : points.length;
    return perUnit * step * slot >= minGap;
  };
  const step = steps.find(fits) ?? steps.at(-1)!;
  return boundaries.filter((i, n) => (unit === 'hour' ? new Date(points[i]!.at).getHours() % step === 0 : n % step === 0));
}

/**
 * The samples with the live count as their newest point: the last stored sample can be minutes old,
 * and a chart that ends below the "online now" card beside it would look wrong.
 */
export function withLivePoint(points: readonly SeriesPoint[], at: string, value: number): SeriesPoint[] {
  const last = points.at(-1);
  if (last && Date.parse(last.at) >= Date.parse(at)) return [...points];
  return [...points, { at, value }];
}
