import type { Correctness } from '../report/results.js';

/**
 * One client's view of one room's stream. Held seqs are an unbroken run up to `contiguous` plus the
 * few that arrived ahead of a gap, so a million in-order deliveries cost two numbers, not a set.
 */
interface Stream {
  /** The room's seq when the client started following it; deliveries above it are expected. */
  from: number;
  contiguous: number;
  ahead: Set<number>;
  highest: number;
  duplicated: number;
  reordered: number;
}

/**
 * The bench's own correctness check: every delivered message is recorded, so a server that loses,
 * duplicates or reorders messages shows it in the results however fast it is.
 */
export class StreamChecker {
  private readonly streams = new Map<string, Stream>();

  /** The client follows `roomId` from `seq` on; a stream already followed (a resume) continues. */
  follow(roomId: string, seq: number): void {
    if (this.streams.has(roomId)) return;
    this.streams.set(roomId, { from: seq, contiguous: seq, ahead: new Set(), highest: seq, duplicated: 0, reordered: 0 });
  }

  /** Starts the room over at `seq`, for servers that cannot resume: what was missed is not expected. */
  restart(roomId: string, seq: number): void {
    this.streams.delete(roomId);
    this.follow(roomId, seq);
  }

  deliver(roomId: string, seq: number): void {
    const s = this.streams.get(roomId);
    if (!s || seq <= s.from) return;
    if (seq <= s.contiguous || s.ahead.has(seq)) {
      s.duplicated++;
      return;
    }
    if (seq < s.highest) s.reordered++;
    if (seq > s.highest) s.highest = seq;
    if (seq === s.contiguous + 1) {
      s.contiguous = seq;
      while (s.ahead.delete(s.contiguous + 1)) s.contiguous++;
    } else {
      s.ahead.add(seq);
    }
  }

  /** The seq to resume the room from: the end of the unbroken run the client holds. */
  resumePoint(roomId: string): number | undefined {
    return this.streams.get(roomId)?.contiguous;
  }

  /** Rooms whose unbroken run has not reached the target seq yet. */
  behind(targets: ReadonlyMap<string, number>): number {
    let n = 0;
    for (const [roomId, s] of this.streams) if (s.contiguous < (targets.get(roomId) ?? 0)) n++;
    return n;
  }

  /** Counts against each room's final seq. */
  check(finalSeqs: ReadonlyMap<string, number>): Correctness {
    const c: Correctness = { expected: 0, delivered: 0, lost: 0, duplicated: 0, reordered: 0 };
    for (const [roomId, s] of this.streams) {
      const final = finalSeqs.get(roomId) ?? s.highest;
      const expected = Math.max(0, final - s.from);
      let held = Math.min(s.contiguous, final) - s.from;
      for (const seq of s.ahead) if (seq <= final) held++;
      c.expected += expected;
      c.delivered += held + s.duplicated;
      c.lost += expected - held;
      c.duplicated += s.duplicated;
      c.reordered += s.reordered;
    }
    return c;
  }
}

export function addCorrectness(a: Correctness, b: Correctness): Correctness {
  return {
    expected: a.expected + b.expected,
    delivered: a.delivered + b.delivered,
    lost: a.lost + b.lost,
    duplicated: a.duplicated + b.duplicated,
    reordered: a.reordered + b.reordered,
  };
}

export const NO_DELIVERIES: Correctness = { expected: 0, delivered: 0, lost: 0, duplicated: 0, reordered: 0 };
