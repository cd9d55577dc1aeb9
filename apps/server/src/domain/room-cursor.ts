import type { Message } from '@parley/protocol';

export interface RoomCursorDeps {
  /** Messages with seq > afterSeq, oldest first, at most `limit`. */
  fetchAfter(afterSeq: number, limit: number): Promise<Message[]>;
  /** Hands one message to the client; return false to end the subscription after it. */
  deliver(message: Message): boolean;
  onError(err: unknown): void;
  /** How long an out-of-order message waits for its predecessor before storage is asked. */
  gapWaitMs: number;
  fetchLimit: number;
}

/**
 * One subscriber's position in one room's stream. Whatever order live events arrive in, and however
 * they overlap a replay from storage, the client gets seq last+1, last+2, … exactly once each.
 */
export class RoomCursor {
  private last = -1;
  private holding = true;
  private stopped = false;
  private pending: Map<number, Message> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: RoomCursorDeps) {}

  /** The last seq handed to the client. */
  get lastSeq(): number {
    return this.last;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Live and in order: not replaying, not stopped, no gap waiting to be filled. */
  get isCaughtUp(): boolean {
    return !this.holding && !this.stopped && this.pending === undefined;
  }

  /** Starts delivering after `afterSeq`: replays the stored tail, then whatever arrived meanwhile. */
  async begin(afterSeq: number): Promise<void> {
    this.last = afterSeq;
    await this.fill();
  }

  /** A live message from the bus. */
  push(message: Message): void {
    if (this.stopped || (!this.holding && message.seq <= this.last)) return;
    if (!this.holding && message.seq === this.last + 1) {
      if (this.hand(message)) this.drain();
      return;
    }
    (this.pending ??= new Map()).set(message.seq, message);
    if (!this.holding) this.scheduleFill();
  }

  stop(): void {
    this.stopped = true;
    this.pending = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private hand(message: Message): boolean {
    this.last = message.seq;
    if (this.deps.deliver(message)) return true;
    this.stop();
    return false;
  }

  private drain(): void {
    const pending = this.pending;
    if (!pending) return;
    for (const seq of [...pending.keys()]) if (seq <= this.last) pending.delete(seq);
    let next = pending.get(this.last + 1);
    while (next && !this.stopped) {
      pending.delete(next.seq);
      if (!this.hand(next)) return;
      next = pending.get(this.last + 1);
    }
    if (pending.size > 0) return this.scheduleFill();
    this.pending = undefined;
    // The gap closed by itself: the storage round trip it was waiting for is no longer needed.
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private scheduleFill(): void {
    if (this.timer || this.holding || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fill().catch((err: unknown) => this.deps.onError(err));
    }, this.deps.gapWaitMs);
  }

  private async fill(): Promise<void> {
    this.holding = true;
    try {
      for (;;) {
        const rows = await this.deps.fetchAfter(this.last, this.deps.fetchLimit);
        const before = this.last;
        for (const row of rows) {
          if (this.stopped) return;
          if (row.seq !== this.last + 1) continue;
          if (!this.hand(row)) return;
        }
        // Stored seqs have no gaps, so a full page that moved nothing means there is nothing more to take.
        if (rows.length < this.deps.fetchLimit || this.last === before) break;
      }
    } finally {
      this.holding = false;
    }
    if (!this.stopped) this.drain();
  }
}
