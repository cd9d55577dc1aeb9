import { describe, expect, it } from 'vitest';
import { FallbackWindowCounters } from './fallback-window-counters.js';
import { MemoryWindowCounters, type WindowCounters } from './window-counters.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('MemoryWindowCounters', () => {
  it('counts within a window that starts at the first increment, and forgets the key when it ends', async () => {
    const c = clock();
    const counters = new MemoryWindowCounters(100, c.now);
    expect(await counters.increment(['a', 'b'], 1000)).toEqual([{ count: 1, ttlMs: 1000 }, { count: 1, ttlMs: 1000 }]);
    c.advance(400);
    expect(await counters.increment(['a'], 1000)).toEqual([{ count: 2, ttlMs: 600 }]);
    c.advance(600);
    expect(await counters.increment(['a'], 1000)).toEqual([{ count: 1, ttlMs: 1000 }]);
  });

  it('takes back an increment without going below zero or reviving an ended window, and resets a key', async () => {
    const c = clock();
    const counters = new MemoryWindowCounters(100, c.now);
    await counters.increment(['a'], 1000);
    await counters.decrement('a');
    await counters.decrement('a');
    expect(await counters.increment(['a'], 1000)).toEqual([{ count: 1, ttlMs: 1000 }]);
    await counters.reset('a');
    expect(await counters.increment(['a'], 1000)).toEqual([{ count: 1, ttlMs: 1000 }]);
    c.advance(2000);
    await counters.decrement('a');
    expect(await counters.increment(['a'], 1000)).toEqual([{ count: 1, ttlMs: 1000 }]);
  });

  it('stays within maxKeys by dropping ended windows first, then the oldest', async () => {
    const c = clock();
    const counters = new MemoryWindowCounters(2, c.now);
    await counters.increment(['short'], 10);
    await counters.increment(['old'], 1000);
    c.advance(20);
    await counters.increment(['new'], 1000);
    expect(await counters.increment(['old'], 1000)).toEqual([{ count: 2, ttlMs: 980 }]);
    await counters.increment(['newer'], 1000);
    // "old" was the oldest window left: dropping it forgives, never over-counts.
    expect(await counters.increment(['old'], 1000)).toEqual([{ count: 1, ttlMs: 1000 }]);
  });
});

describe('FallbackWindowCounters', () => {
  function flaky() {
    let failing = false;
    const inner = new MemoryWindowCounters();
    const primary: WindowCounters = {
      increment: (keys, ms) => (failing ? Promise.reject(new Error('redis down')) : inner.increment(keys, ms)),
      decrement: (key) => inner.decrement(key),
      reset: (key) => inner.reset(key),
      close: () => inner.close(),
    };
    return { primary, setFailing: (f: boolean) => (failing = f) };
  }

  it('counts locally while the primary fails, says so once, and goes back to it after a pause', async () => {
    const c = clock();
    const { primary, setFailing } = flaky();
    const events: string[] = [];
    const counters = new FallbackWindowCounters(primary, { onDown: () => events.push('down'), onUp: () => events.push('up') }, c.now);
    expect(await counters.increment(['k'], 60_000)).toEqual([{ count: 1, ttlMs: 60_000 }]);
    setFailing(true);
    expect((await counters.increment(['k'], 60_000))[0]?.count).toBe(1);
    expect((await counters.increment(['k'], 60_000))[0]?.count).toBe(2);
    expect(events).toEqual(['down']);
    setFailing(false);
    // Within the pause the local counters still answer.
    expect((await counters.increment(['k'], 60_000))[0]?.count).toBe(3);
    c.advance(5000);
    expect((await counters.increment(['k'], 60_000))[0]?.count).toBe(2);
    expect(events).toEqual(['down', 'up']);
  });
});
