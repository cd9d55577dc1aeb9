import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets in seconds, from sub-millisecond queries up to a 10 s stall. */
const SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every collector the server updates, on a registry of its own (never prom-client's global one,
 * so two servers in one process, as in tests, do not share counts). Passed down by hand.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly socketsOpen: Gauge;
  readonly messagesIn: Counter;
  readonly framesOut: Counter<'type'>;
  /** Counts one frame written to a socket: a plain add, moved into `framesOut` when scraped. */
  readonly countFrameOut: (type: string) => void;
  readonly fanoutSeconds: Histogram;
  readonly httpSeconds: Histogram<'route' | 'method' | 'status'>;
  readonly dbQuerySeconds: Histogram<'outcome'>;
}

/** Creates the collectors; `withDefaults` adds prom-client's process metrics (CPU, memory, event-loop lag, GC). */
export function createMetrics({ withDefaults }: { withDefaults: boolean }): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // Labelling a prom-client counter hashes and validates its labels on every inc(), far too slow
  // for a per-socket, per-frame count (1,000 per message in a big room); counts wait here instead.
  const pendingFrames = new Map<string, number>();
  return {
    registry,
    socketsOpen: new Gauge({ name: 'parley_ws_sockets_open', help: 'WebSocket connections currently open', registers }),
    messagesIn: new Counter({ name: 'parley_messages_in_total', help: 'Messages stored from sends (resends of a stored message not counted)', registers }),
    framesOut: new Counter({
      name: 'parley_ws_frames_out_total',
      help: 'Frames written to sockets, by frame type',
      labelNames: ['type'],
      registers,
      collect() {
        for (const [type, n] of pendingFrames) this.inc({ type }, n);
        pendingFrames.clear();
      },
    }),
    countFrameOut: (type) => {
      pendingFrames.set(type, (pendingFrames.get(type) ?? 0) + 1);
    },
    fanoutSeconds: new Histogram({
      name: 'parley_fanout_seconds',
      help: 'From bus publish of a message to its frame being written to every local subscribed socket',
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    httpSeconds: new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    dbQuerySeconds: new Histogram({
      name: 'parley_db_query_duration_seconds',
      help: 'Database query duration, by outcome (ok or error)',
      labelNames: ['outcome'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
  };
}

