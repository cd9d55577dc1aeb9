import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

interface Item {
  room: string;
  n: number;
  bad?: boolean;
}

function harness() {
  const batches: number[][] = [];
  const alone: number[] = [];
  const commit = createGroupCommit<Item, string>({
    runBatch: async (items) => {
      batches.push(items.map((i) => i.n));
      if (items.some((i) => i.bad)) throw new Error('rolled back');
      return items.map((i) => `ok ${i.n}`);
    },
    runOne: async (item) => {
      alone.push(item.n);
      if (item.bad) throw new Error(`bad ${item.n}`);
      return `ok ${item.n}`;
    },
    keyOf: (i) => i.room,
  });
  return { commit, batches, alone };
}

describe('createGroupCommit', () => {
  it('puts writes from one turn into one transaction and answers each with its own result', async () => {
    const h = harness();
    const results = await Promise.all([1, 2, 3].map((n) => h.commit({ room: 'r', n })));
    expect(results).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(h.batches).toEqual([[1, 2, 3]]);
    expect(h.alone).toEqual([]);
  });

  it('orders a batch by key, keeping the order within a key', async () => {
    const h = harness();
    await Promise.all([
      h.commit({ room: 'b', n: 1 }),
      h.commit({ room: 'a', n: 2 }),
      h.commit({ room: 'b', n: 3 }),
      h.commit({ room: 'a', n: 4 }),
    ]);
    expect(h.batches).toEqual([[2, 4, 1, 3]]);
  });

  it('retries each item alone when the batch fails, so only the bad one fails', async () => {
    const h = harness();
    const settled = await Promise.allSettled([1, 2, 3].map((n) => h.commit({ room: 'r', n, bad: n === 2 })));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['ok 1', 'bad 2', 'ok 3']);
    expect(h.alone).toEqual([1, 2, 3]);
  });

  it('batches what arrives while a transaction is in flight, and keeps working afterwards', async () => {
    const h = harness();
    const first = h.commit({ room: 'r', n: 1 });
    await new Promise((r) => setImmediate(r));
    const later = [2, 3].map((n) => h.commit({ room: 'r', n }));
    await Promise.all([first, ...later]);
    expect(h.alone).toEqual([1]);
    expect(h.batches).toEqual([[2, 3]]);
    expect(await h.commit({ room: 'r', n: 4 })).toBe('ok 4');
  });
});

describe('createGroupCommit with several batches in flight', () => {
  it('starts a second batch while the first commits, up to maxInFlight', async () => {
    let open = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const commit = createGroupCommit<number, number>({
      runBatch: async (items) => [...items],
      runOne: async (n) => {
        open++;
        most = Math.max(most, open);
        await new Promise<void>((r) => release.push(r));
        open--;
        return n;
      },
      keyOf: () => 'r',
      maxInFlight: 2,
    });
    const first = commit(1);
    await new Promise((r) => setImmediate(r));
    const second = commit(2);
    await new Promise((r) => setImmediate(r));
    const third = commit(3);
    await new Promise((r) => setImmediate(r));
    expect([open, release.length]).toEqual([2, 2]);
    release.splice(0).forEach((r) => r());
    await Promise.all([first, second]);
    await new Promise((r) => setImmediate(r));
    release.splice(0).forEach((r) => r());
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(most).toBe(2);
  });
});
