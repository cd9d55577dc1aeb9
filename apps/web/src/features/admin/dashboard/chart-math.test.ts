import type { SeriesPoint } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { bucketPoints, indexAt, niceScale, summarize, timeTicks, withLivePoint } from './chart-math';

/** Hourly points from a local start time, so the tests hold in every time zone. */
function hourly(count: number, start = new Date(2026, 10, 3, 0, 0), value: (i: number) => number = () => 0): SeriesPoint[] {
  return Array.from({ length: count }, (_, i) => ({ at: new Date(start.getTime() + i * 3_600_000).toISOString(), value: value(i) }));
}

describe('niceScale', () => {
  it('rounds the top up to a 1-2-5 step and lists every tick', () => {
    expect(niceScale(210)).toEqual({ max: 300, ticks: [0, 100, 200, 300] });
    expect(niceScale(7)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(1000)).toEqual({ max: 1000, ticks: [0, 500, 1000] });
  });

  it('never steps below one for small counts', () => {
    expect(niceScale(3)).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
    expect(niceScale(1)).toEqual({ max: 1, ticks: [0, 1] });
  });

  it('gives an empty or broken series a 0-1 axis', () => {
    expect(niceScale(0)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceScale(Number.NaN)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceScale(-5)).toEqual({ max: 1, ticks: [0, 1] });
  });
});

describe('indexAt', () => {
  it('maps an x offset to its slot and clamps outside the chart', () => {
    expect(indexAt(0, 240, 24)).toBe(0);
    expect(indexAt(15, 240, 24)).toBe(1);
    expect(indexAt(239.9, 240, 24)).toBe(23);
    expect(indexAt(500, 240, 24)).toBe(23);
    expect(indexAt(-3, 240, 24)).toBe(0);
    expect(indexAt(10, 240, 0)).toBe(0);
  });
});

describe('summarize', () => {
  it('totals a series and finds its first highest point and its newest', () => {
    const points = hourly(5, undefined, (i) => [1, 4, 0, 4, 2][i]!);
    expect(summarize(points)).toEqual({ total: 11, peak: points[1], last: points[4] });
  });

  it('has no peak when nothing happened', () => {
    expect(summarize(hourly(3))).toEqual({ total: 0, peak: undefined, last: hourly(3)[2] });
    expect(summarize([])).toEqual({ total: 0, peak: undefined, last: undefined });
  });
});

describe('bucketPoints', () => {
  it('sums hours into local days', () => {
    const days = bucketPoints(hourly(48, new Date(2026, 10, 3, 12, 0), () => 1), 'day');
    expect(days.map((d) => d.value)).toEqual([12, 24, 12]);
    expect(new Date(days[1]!.at).getDate()).toBe(4);
  });

  it('takes the highest sample per hour when asked', () => {
    const start = new Date(2026, 10, 3, 9, 0).getTime();
    const samples = [3, 5, 2, 7].map((value, i) => ({ at: new Date(start + i * 30 * 60_000).toISOString(), value }));
    expect(bucketPoints(samples, 'hour', 'max').map((p) => p.value)).toEqual([5, 7]);
  });
});

describe('timeTicks', () => {
  it('labels every hour when there is room and every few hours on a phone', () => {
    const day = hourly(24);
    expect(timeTicks(day, 'hour', 1200, 40)).toHaveLength(24);
    const narrow = timeTicks(day, 'hour', 330, 48);
    expect(narrow.map((i) => new Date(day[i]!.at).getHours())).toEqual([0, 4, 8, 12, 16, 20]);
  });

  it('labels midnights only on a day axis, thinned to fit', () => {
    const month = hourly(30 * 24);
    const wide = timeTicks(month, 'day', 1200, 36);
    expect(wide).toHaveLength(30);
    expect(wide.every((i) => new Date(month[i]!.at).getHours() === 0)).toBe(true);
    expect(timeTicks(month, 'day', 330, 36).length).toBeLessThanOrEqual(10);
  });

  it('has nothing to label in an empty series', () => {
    expect(timeTicks([], 'hour', 300, 40)).toEqual([]);
  });
});

describe('withLivePoint', () => {
  it('ends the samples with the live count', () => {
    const samples = hourly(2, undefined, () => 1);
    const now = new Date(Date.parse(samples[1]!.at) + 60_000).toISOString();
    expect(withLivePoint(samples, now, 5)).toEqual([...samples, { at: now, value: 5 }]);
  });

  it('keeps the samples as they are when the newest is not older than now', () => {
    const samples = hourly(2, undefined, () => 1);
    expect(withLivePoint(samples, samples[1]!.at, 5)).toEqual(samples);
    expect(withLivePoint([], samples[0]!.at, 3)).toEqual([{ at: samples[0]!.at, value: 3 }]);
  });
});
