/** Most items one shared transaction takes; the rest wait for the next one. */
const MAX_BATCH = 256;

export interface GroupCommitOptions<T, R> {
  /** Runs every item in one transaction, answering in order; throwing rolls all of them back. */
  runBatch(items: readonly T[]): Promise<R[]>;
  /** Runs one item in a transaction of its own. */
  runOne(item: T): Promise<R>;
  /** Items with equal keys keep their order; batches are sorted by key so concurrent writers lock rows in one order. */
  keyOf(item: T): string;
  /** Batches committing at once: 1 for SQLite (one writer), more where the database runs them side by side. */
  maxInFlight?: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: writes that arrive in the same turn of the event loop, or while the previous batch
 * commits, share one transaction, so a busy server pays one BEGIN/COMMIT (and, on PostgreSQL, one
 * set of round trips) per batch rather than per message. Each caller still hears back only after
 * the commit that made its write durable. A failing item must not fail its neighbours: when a
 * batch throws, it has rolled back whole, and each item is retried alone.
 */
export function createGroupCommit<T, R>({ runBatch, runOne, keyOf, maxInFlight = 1 }: GroupCommitOptions<T, R>): (item: T) => Promise<R> {
  let queue: Waiting<T, R>[] = [];
  let flushing = 0;
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(MAX_BATCH);
        await settle(batch);
      }
    } catch (err) {
      // settle() answers every item itself; getting here is a bug, so fail what is left loudly.
      for (const w of queue.splice(0)) w.reject(err);
    } finally {
      // In the same microtask as the empty-queue check: an item queued after it schedules a new flush.
      flushing--;
    }
  }

  async function settle(batch: Waiting<T, R>[]): Promise<void> {
    if (batch.length === 1) {
      await runOne(batch[0]!.item).then(batch[0]!.resolve, batch[0]!.reject);
      return;
    }
    const sorted = batch
      .map((w, i) => ({ w, i, key: keyOf(w.item) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
      .map((e) => e.w);
    let results: R[];
    try {
      results = await runBatch(sorted.map((w) => w.item));
    } catch {
      // The batch rolled back whole; alone, only the item at fault fails (and says why).
      for (const w of sorted) await runOne(w.item).then(w.resolve, w.reject);
      return;
    }
    sorted.forEach((w, i) => w.resolve(results[i]!));
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // One flush is waiting to start already, or all the room there is is taken: this item joins a later batch.
      if (scheduled || flushing >= maxInFlight) return;
      flushing++;
      scheduled = true;
      // After this turn's I/O callbacks: every send read from the sockets in this turn joins the batch.
      setImmediate(() => void flush());
    });
}
