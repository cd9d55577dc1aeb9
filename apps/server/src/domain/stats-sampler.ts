import type { Presence } from '../bus/types.js';
import type { Store } from '../storage/types.js';
import type { Clock } from './clock.js';

/** One sample per instance this often; the dashboard's online-users series has one point per interval. */
export const SAMPLE_INTERVAL_MS = 5 * 60_000;
/** Samples are kept this long (the chart shows 24 hours; a month leaves room for later views). */
export const SAMPLE_RETENTION_MS = 31 * 86_400_000;

export interface StatsSamplerDeps {
  store: Store;
  presence: Presence;
  clock: Clock;
  intervalMs?: number;
  onError: (err: unknown) => void;
}

/**
 * Every instance writes, each interval, its own sockets and the users online anywhere (the same
 * number on every instance; the chart takes the max per bucket, so one missed sample costs nothing),
 * and deletes samples past the retention.
 */
export function createStatsSampler({ store, presence, clock, intervalMs = SAMPLE_INTERVAL_MS, onError }: StatsSamplerDeps) {
  let timer: NodeJS.Timeout | undefined;

  async function tick(): Promise<void> {
    const now = clock();
    const own = (await presence.instances()).find((i) => i.id === presence.instanceId);
    await store.stats.insertSample({ at: now, instanceId: presence.instanceId, sockets: own?.sockets ?? 0, onlineUsers: presence.onlineCount() });
    await store.stats.deleteSamplesBefore(now - SAMPLE_RETENTION_MS);
  }

  return {
    tick,
    start(): void {
      timer = setInterval(() => void tick().catch(onError), intervalMs);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type StatsSampler = ReturnType<typeof createStatsSampler>;
