import type { FastifyInstance } from 'fastify';
import { labelledIncrement, type Metrics } from '../lib/metrics.js';
import { Connection } from './connection.js';
import type { LiveSockets } from './live-sockets.js';
import type { WsContext } from './context.js';
import { dispatch } from './dispatch.js';
import { isOriginAllowed } from './origin.js';

/** Registers `GET /ws`: Origin check before the upgrade, then one Connection per socket. */
export async function registerWsRoute(
  app: FastifyInstance,
  ctx: WsContext,
  allowedOrigins: readonly string[],
  metrics: Metrics,
  connections: LiveSockets,
) {
  const heartbeat = setInterval(() => {
    for (const conn of connections) conn.heartbeat();
  }, ctx.limits.pingIntervalMs);
  heartbeat.unref();
  const countFrame = labelledIncrement(metrics.framesOut, 'type');

  app.get(
    '/ws',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (!isOriginAllowed(request.headers.origin, request.headers.host, allowedOrigins)) {
          ctx.log.warn({ origin: request.headers.origin }, 'websocket origin refused');
          return reply.code(403).send({ error: { code: 'forbidden', message: 'Origin not allowed' } });
        }
        return undefined;
      },
    },
    (socket) => {
      const conn = new Connection(socket, ctx, (c, raw, isBinary) => dispatch(ctx, c, raw, isBinary), countFrame);
      connections.add(conn);
      metrics.socketsOpen.inc();
      socket.on('error', (err) => ctx.log.debug({ err }, 'socket error'));
      socket.on('close', () => {
        connections.delete(conn);
        metrics.socketsOpen.dec();
        conn.dispose();
        const userId = conn.user?.id;
        if (userId) {
          ctx.presence.userDisconnected(userId).catch((err: unknown) => ctx.log.error({ err, userId }, 'presence update failed'));
        }
      });
    },
  );

  // The sockets themselves are drained and closed with 1012 by LiveSockets.shutdown (the websocket plugin's preClose).
  app.addHook('preClose', async () => clearInterval(heartbeat));

  return { connectionCount: () => connections.size };
}
