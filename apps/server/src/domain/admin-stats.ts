import type { AdminStats, InstanceStats, SeriesPoint } from '@parley/protocol';
import type { InstanceHeartbeat, Presence } from '../bus/types.js';
import type { Store, UserRecord } from '../storage/types.js';
import type { Clock } from './clock.js';
import { requireInstanceAdmin } from './instance-settings.js';
import { SAMPLE_INTERVAL_MS } from './stats-sampler.js';

const HOUR_MS = 3_600_000;
/** Walking the uploads folder costs a stat per file: reloading the dashboard reuses a walk this recent. */
export const UPLOADS_CACHE_MS = 60_000;

export interface AdminStatsDeps {
  store: Store;
  presence: Presence;
  clock: Clock;
  /** Bytes and files of uploaded blobs (a walk of the blob store). */
  measureUploads: () => Promise<{ bytes: number; files: number }>;
}

/** `count` buckets of `bucketMs` ending with the one holding `now`, oldest first, 0 where nothing was counted. */
export function fillSeries(values: ReadonlyMap<number, number>, now: number, bucketMs: number, count: number): SeriesPoint[] {
  const last = Math.floor(now / bucketMs);
  const points: SeriesPoint[] = [];
  for (let b = last - count + 1; b <= last; b++) points.push({ at: new Date(b * bucketMs).toISOString(), value: values.get(b) ?? 0 });
  return points;
}

/** Start of the window of `count` buckets ending with the one holding `now`, and the end of that bucket. */
function windowOf(now: number, bucketMs: number, count: number): { from: number; to: number } {
  const last = Math.floor(now / bucketMs);
  return { from: (last - count + 1) * bucketMs, to: (last + 1) * bucketMs };
}

function toInstanceStats(h: InstanceHeartbeat): InstanceStats {
  const iso = (ms: number) => new Date(ms).toISOString();
  return { id: h.id, sockets: h.sockets, onlineUsers: h.onlineUsers, startedAt: iso(h.startedAt), lastSeenAt: iso(h.lastSeenAt) };
}

/** The admin dashboard: counts, storage, instances and the three series, from the server's own data. */
export function createAdminStatsService({ store, presence, clock, measureUploads }: AdminStatsDeps) {
  let uploads: { at: number; value: Promise<{ bytes: number; files: number }> } | undefined;

  /** One walk at a time and at most one a minute, however many admins reload the page. */
  function uploadsUsage(now: number): Promise<{ bytes: number; files: number }> {
    if (!uploads || now - uploads.at >= UPLOADS_CACHE_MS) {
      const value = measureUploads();
      uploads = { at: now, value };
      // A failed walk is not cached: the next request tries again.
      value.catch(() => {
        if (uploads?.value === value) uploads = undefined;
      });
    }
    return uploads.value;
  }

  return {
    async get(actor: UserRecord): Promise<AdminStats> {
      requireInstanceAdmin(actor);
      const now = clock();
      // The 24-hour series is the tail of the 30-day one: one grouped query serves both.
      const month = windowOf(now, HOUR_MS, 720);
      const day = windowOf(now, SAMPLE_INTERVAL_MS, 288);
      const [totals, databaseBytes, upload, perHour, online, instances] = await Promise.all([
        store.stats.totals(),
        store.stats.databaseBytes(),
        uploadsUsage(now),
        store.stats.messagesPerBucket(month.from, month.to, HOUR_MS),
        store.stats.onlineUsersPerBucket(day.from, day.to, SAMPLE_INTERVAL_MS),
        presence.instances(),
      ]);
      const messagesPerHour30d = fillSeries(perHour, now, HOUR_MS, 720);
      return {
        generatedAt: new Date(now).toISOString(),
        onlineUsers: presence.onlineCount(),
        instances: instances.map(toInstanceStats),
        totals,
        storage: { databaseBytes, uploadsBytes: upload.bytes, uploadsFiles: upload.files },
        messagesPerHour24h: messagesPerHour30d.slice(-24),
        messagesPerHour30d,
        onlineUsers24h: fillSeries(online, now, SAMPLE_INTERVAL_MS, 288),
      };
    },
  };
}

export type AdminStatsService = ReturnType<typeof createAdminStatsService>;
