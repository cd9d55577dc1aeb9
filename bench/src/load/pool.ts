import { Worker } from 'node:worker_threads';
import type { Correctness } from '../report/results.js';
import { addCorrectness, NO_DELIVERIES } from './checker.js';
import type { ClientSpec } from './client.js';
import { Histogram } from './histogram.js';
import type { Command, Reply, WorkerStats } from './messages.js';

type CommandBody = Command extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export interface PoolStats {
  histogram: Histogram;
  delivered: number;
  acked: number;
  failures: number;
  firstFailure: string | undefined;
}

/**
 * The load generator seen from the main thread: clients spread round-robin over worker threads,
 * each command sent to the workers concerned and their answers combined.
 */
export class LoadPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      const w = new Worker(new URL('./worker.js', import.meta.url));
      w.on('message', (reply: Reply) => {
        const p = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error !== undefined) p?.reject(new Error(reply.error));
        else p?.resolve(reply.result);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      return w;
    });
  }

  /** The worker that owns client `index`. */
  private owner(index: number): number {
    return index % this.workers.length;
  }

  private ask<T>(worker: number, body: CommandBody): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.workers[worker]!.postMessage({ ...body, id });
    });
  }

  private all<T>(body: CommandBody | ((worker: number) => CommandBody | undefined)): Promise<T[]> {
    return Promise.all(
      this.workers.flatMap((_, i) => {
        const b = typeof body === 'function' ? body(i) : body;
        return b ? [this.ask<T>(i, b)] : [];
      }),
    );
  }

  private split<T>(items: readonly T[], indexOf: (t: T) => number): T[][] {
    const parts = this.workers.map((): T[] => []);
    for (const item of items) parts[this.owner(indexOf(item))]!.push(item);
    return parts;
  }

  /** Connects (or, with `resume`, reconnects) the clients; resolves when all follow their rooms. */
  async connect(specs: readonly ClientSpec[], opts: { resume?: boolean; concurrency?: number; timeoutMs?: number } = {}): Promise<void> {
    const parts = this.split(specs, (s) => s.index);
    const concurrency = Math.max(1, Math.ceil((opts.concurrency ?? 200) / this.workers.length));
    await this.all((i) => ({ cmd: 'connect', specs: parts[i]!, resume: opts.resume ?? false, concurrency, timeoutMs: opts.timeoutMs ?? 60_000 }));
  }

  /** Sends `ratePerSecond` messages in total for `durationMs`, spread over the senders; returns sends per room. */
  async load(senders: ReadonlyArray<{ index: number; roomId: string }>, ratePerSecond: number, durationMs: number): Promise<Map<string, number>> {
    const parts = this.split(senders, (s) => s.index);
    const replies = await this.all<{ sentByRoom: Record<string, number> }>((i) =>
      parts[i]!.length === 0 ? undefined : { cmd: 'load', senders: parts[i]!, ratePerSecond: (ratePerSecond * parts[i]!.length) / senders.length, durationMs },
    );
    const total = new Map<string, number>();
    for (const r of replies) for (const [room, n] of Object.entries(r.sentByRoom)) total.set(room, (total.get(room) ?? 0) + n);
    return total;
  }

  /** Counters since the last reset, combined; `recording` says whether latencies count from now on. */
  async record(reset: boolean, recording: boolean): Promise<PoolStats> {
    const parts = await this.all<WorkerStats>({ cmd: 'record', reset, recording });
    const stats: PoolStats = { histogram: new Histogram(), delivered: 0, acked: 0, failures: 0, firstFailure: undefined };
    for (const p of parts) {
      stats.histogram.merge(Histogram.from(p.histogram));
      stats.delivered += p.delivered;
      stats.acked += p.acked;
      stats.failures += p.failures;
      stats.firstFailure ??= p.firstFailure;
    }
    return stats;
  }

  async drop(indexes: readonly number[]): Promise<void> {
    const parts = this.split(indexes, (i) => i);
    await this.all((i) => ({ cmd: 'drop', indexes: parts[i]! }));
  }

  async behind(indexes: readonly number[], targets: ReadonlyMap<string, number>): Promise<number> {
    const parts = this.split(indexes, (i) => i);
    const t = Object.fromEntries(targets);
    const replies = await this.all<{ behind: number }>((i) => ({ cmd: 'behind', indexes: parts[i]!, targets: t }));
    return replies.reduce((n, r) => n + r.behind, 0);
  }

  async check(finalSeqs: ReadonlyMap<string, number>): Promise<Correctness> {
    const replies = await this.all<{ correctness: Correctness }>({ cmd: 'check', finalSeqs: Object.fromEntries(finalSeqs) });
    return replies.reduce((c, r) => addCorrectness(c, r.correctness), NO_DELIVERIES);
  }

  /** Closes every client; the pool can be used again for a new set of clients. */
  async closeClients(): Promise<void> {
    await this.all({ cmd: 'close' });
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
