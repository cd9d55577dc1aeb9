import type { FastifyInstance } from 'fastify';
import type { Bus } from '../bus/types.js';
import type { Store } from '../storage/types.js';

/** A readiness probe must answer well inside the orchestrator's own timeout (1 s by default in Kubernetes). */
const PING_TIMEOUT_MS = 800;

type Check = 'ok' | 'failing';

async function pingWithin(store: Store, ms: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve('failing'), ms);
  });
  const ping = store.ping().then(
    (): Check => 'ok',
    (): Check => 'failing',
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /healthz` (the process runs) and `GET /readyz` (it can serve: database answers, bus connected,
 * not shutting down). Probes come every few seconds, so their request lines are logged only at warn.
 */
export function healthRoutes(store: Store, bus: Bus) {
  return async (app: FastifyInstance) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });

    app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

    app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
      const checks = {
        database: await pingWithin(store, PING_TIMEOUT_MS),
        bus: (bus.isReady?.() ?? true) ? ('ok' as const) : ('failing' as const),
      };
      const ready = !closing && checks.database === 'ok' && checks.bus === 'ok';
      if (ready) return { status: 'ok', checks };
      // Cache-Control: a proxy must never answer a later probe with this one's result.
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', checks });
    });
  };
}
