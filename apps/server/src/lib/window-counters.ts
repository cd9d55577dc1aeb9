/** One counter's state after an increment: its count in the current window and the time left. */
export interface WindowCount {
  count: number;
  ttlMs: number;
}

/**
 * Fixed-window counters: a key's window starts with its first increment and it is forgotten when the
 * window ends. Rate limits and brute-force throttles count here (in memory, or in Redis for several instances).
 */
export interface WindowCounters {
  /** Adds one to each key (opening a window of `windowMs` for a new key); results in key order. */
  increment(keys: readonly string[], windowMs: number): Promise<WindowCount[]>;
  /** Takes back one increment, if the key's window is still open. */
  decrement(key: string): Promise<void>;
  /** Forgets the key. */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  count: number;
  expiresAt: number;
}

/** Counters of one process. Bounded: past `maxKeys` the expired keys go, then the oldest ones. */
export class MemoryWindowCounters implements WindowCounters {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  incrementNow(keys: readonly string[], windowMs: number): WindowCount[] {
    const t = this.now();
    return keys.map((key) => {
      let entry = this.live(key, t);
      if (!entry) {
        this.makeRoom(t);
        entry = { count: 0, expiresAt: t + windowMs };
        this.entries.set(key, entry);
      }
      entry.count += 1;
      return { count: entry.count, ttlMs: entry.expiresAt - t };
    });
  }

  async increment(keys: readonly string[], windowMs: number): Promise<WindowCount[]> {
    return this.incrementNow(keys, windowMs);
  }

  async decrement(key: string): Promise<void> {
    const entry = this.live(key, this.now());
    if (entry && entry.count > 0) entry.count -= 1;
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string, t: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= t) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private makeRoom(t: number): void {
    if (this.entries.size < this.maxKeys) return;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= t) this.entries.delete(key);
    // Still full: drop the oldest windows (Map order is insertion order). That only ever forgives.
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxKeys) break;
      this.entries.delete(key);
    }
  }
}
