import { describe, expect, it } from 'vitest';
import { Histogram } from '../src/load/histogram.js';

const PERCENTILES = [0.01, 0.1, 0.5, 0.9, 0.99, 0.999];

/** mulberry32: a seeded generator, so a failure reproduces with the same values. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Latencies in microseconds, log-normal around a median of 2 ms: spread from tens of µs (the 10 µs
 * linear buckets) to hundreds of ms (the 1% log buckets), like deliveries under load.
 */
function logNormalUs(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.exp(Math.log(2000) + 1.2 * gaussian);
  });
}

/** The nearest-rank percentile in milliseconds: the value below which `p` of the values fall. */
function exactPercentileMs(sortedUs: number[], p: number): number {
  return sortedUs[Math.max(0, Math.ceil(p * sortedUs.length) - 1)]! / 1000;
}

function recordAll(values: number[]): Histogram {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h;
}

describe('Histogram', () => {
  const values = logNormalUs(100_000, 7);
  const sorted = [...values].sort((a, b) => a - b);

  it('reports percentiles within 1% (+10 µs) of the exact ones, never below them', () => {
    const h = recordAll(values);
    // The distribution must reach both bucket schemes, or the test would prove only one of them.
    expect(sorted[0]!).toBeLessThan(1000);
    expect(sorted.at(-1)!).toBeGreaterThan(100_000);

    for (const p of PERCENTILES) {
      const exact = exactPercentileMs(sorted, p);
      const reported = h.percentileMs(p);
      expect(reported, `p${p * 100}`).toBeGreaterThanOrEqual(exact);
      expect(reported - exact, `p${p * 100}: ${reported} ms vs exact ${exact} ms`).toBeLessThanOrEqual(exact * 0.01 + 0.01);
    }
  });

  it('keeps the count and the exact maximum', () => {
    const h = recordAll(values);

    expect(h.count).toBe(100_000);
    expect(h.maxUs).toBe(sorted.at(-1));
    expect(h.percentileMs(1)).toBe(sorted.at(-1)! / 1000);
    expect(h.summary()).toEqual({ p50: h.percentileMs(0.5), p99: h.percentileMs(0.99), max: sorted.at(-1)! / 1000, count: 100_000 });
  });

  it('never reports a percentile above the largest value recorded', () => {
    const h = recordAll([1234.5, 1234.5, 1234.5]);

    expect(h.percentileMs(0.5)).toBe(1.2345);
    expect(h.summary().max).toBe(1.2345);
  });

  it('keeps values beyond an hour in its last bucket, with the maximum still exact', () => {
    const h = recordAll([500, 7_200_000_000]);

    expect(h.count).toBe(2);
    expect(h.summary().max).toBe(7_200_000);
    // 500 µs sits in the 500-510 µs bucket, reported by its upper edge.
    expect(h.percentileMs(0.5)).toBeCloseTo(0.51, 6);
    // Percentiles stop at the last bucket's edge, about an hour; only the maximum goes past it.
    expect(h.percentileMs(1)).toBeGreaterThanOrEqual(3_600_000);
    expect(h.percentileMs(1)).toBeLessThan(7_200_000);
  });

  it('takes the nearest rank: the smallest value with at least p of the values at or below it', () => {
    const h = recordAll([100, 200, 300, 400]);

    expect(h.percentileMs(0.25)).toBeCloseTo(0.11, 6);
    expect(h.percentileMs(0.5)).toBeCloseTo(0.21, 6);
    expect(h.percentileMs(0.6)).toBeCloseTo(0.31, 6);
    expect(h.percentileMs(0.99)).toBe(0.4);
  });

  it('reports zero for every percentile when nothing was recorded', () => {
    expect(new Histogram().summary()).toEqual({ p50: 0, p99: 0, max: 0, count: 0 });
  });

  it('merges two histograms into the same one as recording every value in one', () => {
    const all = recordAll(values);
    const first = recordAll(values.slice(0, 30_000));
    const second = recordAll(values.slice(30_000));
    first.merge(second);

    expect(first.count).toBe(all.count);
    expect(first.maxUs).toBe(all.maxUs);
    expect(Array.from(first.counts)).toEqual(Array.from(all.counts));
    for (const p of PERCENTILES) expect(first.percentileMs(p)).toBe(all.percentileMs(p));
  });

  it('keeps the larger maximum when the histogram merged in has the smaller one', () => {
    const h = recordAll([9000]);
    h.merge(recordAll([10]));

    expect(h.maxUs).toBe(9000);
    expect(h.count).toBe(2);
  });

  it('round-trips through toJSON, JSON text and from (as across a worker boundary)', () => {
    const original = recordAll(values);
    const copy = Histogram.from(JSON.parse(JSON.stringify(original.toJSON())) as ReturnType<Histogram['toJSON']>);

    expect(copy.count).toBe(original.count);
    expect(copy.maxUs).toBe(original.maxUs);
    expect(Array.from(copy.counts)).toEqual(Array.from(original.counts));
    expect(copy.summary()).toEqual(original.summary());
  });
});
