import type { Correctness } from '../report/results.js';
import type { ClientSpec } from './client.js';

/** What the pool asks a generator thread to do. */
export type Command = { id: number } & (
  | { cmd: 'connect'; specs: ClientSpec[]; resume: boolean; concurrency: number; timeoutMs: number }
  | { cmd: 'load'; senders: Array<{ index: number; roomId: string }>; ratePerSecond: number; durationMs: number }
  /** Returns the counters since the last reset, then sets whether latencies are recorded from now on. */
  | { cmd: 'record'; reset: boolean; recording: boolean }
  | { cmd: 'drop'; indexes: number[] }
  /** How many (client, room) streams of these clients are still short of the room's target seq. */
  | { cmd: 'behind'; indexes: number[]; targets: Record<string, number> }
  | { cmd: 'check'; finalSeqs: Record<string, number> }
  | { cmd: 'close' }
);

export interface WorkerStats {
  histogram: { counts: number[]; maxUs: number };
  delivered: number;
  acked: number;
  failures: number;
  firstFailure: string | undefined;
}

export type Reply = { id: number } & (
  | {
      result:
        | { ms: number }
        | { sentByRoom: Record<string, number> }
        | WorkerStats
        | { behind: number }
        | { correctness: Correctness }
        | Record<string, never>;
      error?: undefined;
    }
  | { error: string; result?: undefined }
);
