/**
 * Preloaded (`node --import`) into every server under test, Parley and baselines alike, so each is
 * measured the same way from inside: RSS after a GC, CPU time, and event-loop delay, over IPC.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** The monitor's own timer interval; its samples include it, so it is subtracted from each figure. */
const RESOLUTION_MS = 10;

export interface ProbeReading {
  rssBytes: number;
  heapUsedBytes: number;
  /** User + system CPU microseconds since the process started. */
  cpuMicros: number;
  /** Event-loop delay since the last reset, in milliseconds. */
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Garbage-collection pauses since the last reset: how many, their total and the longest. */
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

export interface ProbeRequest {
  probe: number;
  /** Run a full GC first (servers are started with --expose-gc). */
  gc?: boolean;
  /** Start a new event-loop delay window after reading. */
  reset?: boolean;
}

const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
delay.enable();

const lagMs = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

let gc = { count: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count++;
    gc.totalMs += e.duration;
    gc.maxMs = Math.max(gc.maxMs, e.duration);
  }
}).observe({ entryTypes: ['gc'] });

process.on('message', (msg: ProbeRequest) => {
  if (typeof msg !== 'object' || msg === null || typeof msg.probe !== 'number') return;
  if (msg.gc) (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const reading: ProbeReading = {
    rssBytes: process.memoryUsage.rss(),
    heapUsedBytes: process.memoryUsage().heapUsed,
    cpuMicros: cpu.user + cpu.system,
    lagP50Ms: lagMs(delay.percentile(50)),
    lagP99Ms: lagMs(delay.percentile(99)),
    lagMaxMs: lagMs(delay.max),
    gcCount: gc.count,
    gcTotalMs: gc.totalMs,
    gcMaxMs: gc.maxMs,
  };
  if (msg.reset) {
    delay.reset();
    gc = { count: 0, totalMs: 0, maxMs: 0 };
  }
  process.send?.({ probe: msg.probe, reading });
});
// The IPC channel must not keep a server alive once it has been told to stop.
process.channel?.unref();
