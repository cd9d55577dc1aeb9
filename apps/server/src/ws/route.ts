import { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Metrics } from '../lib/metrics.js';
import { Connection } from './connection.js';
import type { LiveSockets } from './live-sockets.js';
import type { WsContext } from './context.js';
import { dispatch } from './dispatch.js';
import { isOriginAllowed } from './origin.js';

/**
 * Lets the upgrade's HTTP objects go once the socket is open. @fastify/websocket's error listener
 * closes over the Fastify request and reply, and the TCP socket still points at the upgrade's
 * ServerResponse (and through it the request, headers and a child logger): kilobytes per connection,
 * kept for its whole life. Our own error listener (below) replaces theirs.
 */
function releaseUpgrade(socket: WebSocket, request: FastifyRequest): void {
  socket.removeAllListeners('error');
  // Node's own back-reference (stable for years, no public getter): detach it the public way.
  const tcp = request.raw.socket as (Socket & { _httpMessage?: unknown }) | null;
  if (tcp?._httpMessage instanceof ServerResponse) tcp._httpMessage.detachSocket(tcp);
}

/** Heartbeat ticks per ping interval; each tick pings one slice of the sockets. */
const HEARTBEAT_SLICES = 20;

/** Registers `GET /ws`: Origin check before the upgrade, then one Connection per socket. */
export async function registerWsRoute(
  app: FastifyInstance,
  ctx: WsContext,
  allowedOrigins: readonly string[],
  metrics: Metrics,
  connections: LiveSockets,
) {
  // Each socket is pinged once per interval, but in slices: pinging 10,000 sockets in one go stalls
  // the event loop long enough to show in message latency (the bench's many-rooms p99).
  let tick = 0;
  let nextSlot = 0;
  const heartbeat = setInterval(() => {
    const slice = tick++ % HEARTBEAT_SLICES;
    for (const conn of connections) if (conn.heartbeatSlot === slice) conn.heartbeat();
  }, ctx.limits.pingIntervalMs / HEARTBEAT_SLICES);
  heartbeat.unref();

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
    (socket, request) => {
      releaseUpgrade(socket, request);
      const conn = new Connection(socket, ctx, (c, raw, isBinary) => dispatch(ctx, c, raw, isBinary), metrics.countFrameOut);
      conn.heartbeatSlot = nextSlot++ % HEARTBEAT_SLICES;
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
