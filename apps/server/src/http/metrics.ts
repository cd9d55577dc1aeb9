import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../lib/metrics.js';

/**
 * Times every HTTP request, and, when enabled, serves `GET /metrics` in Prometheus text format.
 * /metrics has no authentication: keep it off the public proxy (docs/protocol.md).
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, serve: boolean): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: ids in paths would make one series per room.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpSeconds.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  if (!serve) return;
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}
