import { MemoryWindowCounters, type WindowCount, type WindowCounters } from './window-counters.js';

/** After a failure, the primary is left alone this long before it is tried again. */
const RETRY_PRIMARY_AFTER_MS = 5000;

/**
 * Shared counters (Redis) that degrade to this instance's own when they fail, so an outage neither
 * refuses every request nor switches limits off: each instance then enforces them alone. The
 * switch is logged once per outage (`onDown`), and back (`onUp`).
 */
export class FallbackWindowCounters implements WindowCounters {
  private readonly local: MemoryWindowCounters;
  private downUntil = 0;
  private down = false;

  constructor(
    private readonly primary: WindowCounters,
    private readonly events: { onDown: (err: unknown) => void; onUp: () => void },
    private readonly now: () => number = Date.now,
  ) {
    this.local = new MemoryWindowCounters(100_000, now);
  }

  increment(keys: readonly string[], windowMs: number): Promise<WindowCount[]> {
    return this.run((c) => c.increment(keys, windowMs));
  }

  decrement(key: string): Promise<void> {
    return this.run((c) => c.decrement(key));
  }

  reset(key: string): Promise<void> {
    return this.run((c) => c.reset(key));
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.primary.close();
  }

  private async run<T>(op: (counters: WindowCounters) => Promise<T>): Promise<T> {
    if (this.now() < this.downUntil) return op(this.local);
    try {
      const result = await op(this.primary);
      if (this.down) {
        this.down = false;
        this.events.onUp();
      }
      return result;
    } catch (err) {
      this.downUntil = this.now() + RETRY_PRIMARY_AFTER_MS;
      if (!this.down) {
        this.down = true;
        this.events.onDown(err);
      }
      return op(this.local);
    }
  }
}
