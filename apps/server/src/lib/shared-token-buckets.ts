import { TokenBucket } from './token-bucket.js';

interface Held {
  bucket: TokenBucket;
  holders: number;
  forget?: NodeJS.Timeout;
}

/**
 * One token bucket per key, shared by everyone holding that key (e.g. all of a user's sockets).
 * A bucket nobody holds is kept until it would be full again, so closing and reopening does not
 * buy a fresh burst.
 */
export class SharedTokenBuckets {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The key's bucket; call release() exactly once when done with it. */
  acquire(key: string): { bucket: TokenBucket; release: () => void } {
    let entry = this.held.get(key);
    if (!entry) {
      entry = { bucket: new TokenBucket(this.ratePerSecond, this.burst, this.now), holders: 0 };
      this.held.set(key, entry);
    }
    clearTimeout(entry.forget);
    entry.holders += 1;
    const held = entry;
    let released = false;
    return {
      bucket: held.bucket,
      release: () => {
        if (released) return;
        released = true;
        if (--held.holders > 0) return;
        const wait = held.bucket.msUntilFull();
        if (wait === 0) this.held.delete(key);
        else held.forget = setTimeout(() => held.holders === 0 && this.held.delete(key), wait).unref();
      },
    };
  }

  /** Keys currently kept (held, or refilling). */
  get size(): number {
    return this.held.size;
  }
}
