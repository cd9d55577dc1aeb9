import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const opts = { baseMs: 500, maxMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles the ceiling with each attempt', () => {
    const max = (attempt: number) => backoffDelay(attempt, { ...opts, random: () => 0.999999 });
    expect([0, 1, 2, 3].map(max)).toEqual([500, 1000, 2000, 4000]);
  });

  it('never waits less than half the ceiling', () => {
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(2000);
  });

  it('caps the delay however many attempts failed, forever', () => {
    for (const attempt of [10, 100, 10_000]) {
      const d = backoffDelay(attempt, opts);
      expect(d).toBeGreaterThanOrEqual(15_000);
      expect(d).toBeLessThanOrEqual(30_000);
    }
  });
});
