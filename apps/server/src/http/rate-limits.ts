import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { DomainError } from '../domain/errors.js';
import { FallbackWindowCounters } from '../lib/fallback-window-counters.js';
import { RedisWindowCounters } from '../lib/redis-window-counters.js';
import { MemoryWindowCounters, type WindowCounters } from '../lib/window-counters.js';
import { clientKey } from './client-key.js';
import { registerLoginThrottle } from './login-throttle.js';

/** What a route is limited by. */
export type RouteLimit = 'none' | 'rest' | 'upload' | 'socket';

/** How long start-up waits for the counters' own Redis connection. */
const REDIS_READY_TIMEOUT_MS = 2000;

/** Probes and Prometheus come every few seconds from the platform, never from users. */
const OPERATIONS = new Set(['/healthz', '/readyz', '/metrics']);
/** Both upload routes share one budget, lower than the REST one. */
const UPLOADS = new Set(['POST /api/uploads', 'PUT /api/me/avatar']);

/**
 * The limit of a route, decided once when it is registered. Static files, the SPA and avatars
 * (public, immutable, content-addressed: static assets in all but location) are not limited.
 */
export function routeLimit(method: string | readonly string[], url: string): RouteLimit {
  if (url === '/ws') return 'socket';
  if (OPERATIONS.has(url) || !url.startsWith('/api/') || url.startsWith('/api/avatars/')) return 'none';
  const methods = typeof method === 'string' ? [method] : method;
  return methods.some((m) => UPLOADS.has(`${m} ${url}`)) ? 'upload' : 'rest';
}

/**
 * Shared counters: in Redis with redisUrl (every instance counts together), falling back to this
 * instance's own while Redis is away; in memory otherwise.
 */
export async function createWindowCounters(config: Config, log: Logger): Promise<WindowCounters> {
  if (!config.redisUrl) return new MemoryWindowCounters();
  const redis = new RedisWindowCounters({
    url: config.redisUrl,
    keyPrefix: `${config.redisKeyPrefix}ratelimit:`,
    onRedisError: (err) => log.debug({ err }, 'rate limit redis connection trouble'),
  });
  // The bus has already waited for Redis at start-up; this connection is usually up at once.
  if (!(await redis.ready(REDIS_READY_TIMEOUT_MS))) log.warn('rate limit counters: redis not reachable yet; counting per instance until it is');
  return new FallbackWindowCounters(redis, {
    onDown: (err) => log.warn({ err }, 'rate limit counters unavailable in redis; counting per instance until it answers'),
    onUp: () => log.info('rate limit counters back in redis'),
  });
}

/** Adapts WindowCounters to @fastify/rate-limit's store; one namespace, the keys carry their limit. */
function counterStore(counters: WindowCounters) {
  return class CounterStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counters.increment([key], timeWindow).then(
        ([result]) => callback(null, { current: result?.count ?? 0, ttl: result?.ttlMs ?? timeWindow }),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

/**
 * A refused request is answered before its body is read: closing the connection afterwards means
 * the rest of that body (up to 25 MiB of upload) is never read, as for a 401 (authenticate.ts).
 */
function closeIfBodyPending(request: FastifyRequest, reply: FastifyReply): void {
  const { 'content-length': length, 'transfer-encoding': chunked } = request.headers;
  if ((length !== undefined && length !== '0') || chunked !== undefined) reply.header('connection', 'close');
}

/** The limiters by route kind; each runs after the route's own onRequest hooks, so a signed-in user is known. */
function limiters(app: FastifyInstance, limits: Config['rateLimits']): Record<Exclude<RouteLimit, 'none'>, onRequestAsyncHookHandler> {
  const { perUser, perIp } = limits.rest;
  const ms = (seconds: number) => Math.round(seconds * 1000);
  const wrap = (limit: ReturnType<FastifyInstance['rateLimit']>): onRequestAsyncHookHandler =>
    async function rateLimited(request, reply) {
      try {
        await limit.call(app, request, reply);
      } catch (err) {
        closeIfBodyPending(request, reply);
        throw err;
      }
    };
  return {
    // Signed in: per user, wherever they are. Not (auth routes): per client IP.
    rest: wrap(
      app.rateLimit({
        keyGenerator: (req) => (req.auth ? `rest:user:${req.auth.user.id}` : `rest:ip:${clientKey(req)}`),
        max: (req) => (req.auth ? perUser.max : perIp.max),
        timeWindow: (req) => ms(req.auth ? perUser.windowSeconds : perIp.windowSeconds),
      }),
    ),
    upload: wrap(
      app.rateLimit({
        keyGenerator: (req) => (req.auth ? `upload:user:${req.auth.user.id}` : `upload:ip:${clientKey(req)}`),
        max: limits.uploads.max,
        timeWindow: ms(limits.uploads.windowSeconds),
      }),
    ),
    // Socket upgrades (before any token is seen) per IP, apart from the REST budget.
    socket: wrap(app.rateLimit({ keyGenerator: (req) => `socket:ip:${clientKey(req)}`, max: perIp.max, timeWindow: ms(perIp.windowSeconds) })),
  };
}

function addOnRequest(route: RouteOptions, hook: onRequestAsyncHookHandler): void {
  const existing = route.onRequest;
  route.onRequest = existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
}

/**
 * REST, upload and socket-upgrade limits (@fastify/rate-limit), and the login/register throttle.
 * Register before any route: routes are sorted as they are added. 429s are the house error body
 * with Retry-After and x-ratelimit-* headers. Returns the shared counters for limits a route applies
 * itself (incoming webhooks), or undefined when limits are off.
 */
export async function registerRateLimits(app: FastifyInstance, config: Config, log: Logger): Promise<WindowCounters | undefined> {
  const limits = config.rateLimits;
  if (!limits.enabled) {
    log.warn('rate limits are disabled (rateLimits.enabled: false)');
    return undefined;
  }
  const counters = await createWindowCounters(config, log);
  app.addHook('onClose', async () => counters.close());
  await app.register(rateLimit, {
    global: false,
    store: counterStore(counters),
    errorResponseBuilder: (_req, context) =>
      new DomainError('rate_limited', `Too many requests; retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} s`),
  });
  const byKind = limiters(app, limits);
  registerLoginThrottle(app, counters, limits, log);
  app.addHook('onRoute', (route) => {
    const kind = routeLimit(route.method, route.url);
    if (kind !== 'none') addOnRequest(route, byKind[kind]);
  });
  return counters;
}

/** Per-webhook posts in a fixed window, counted with the REST limits (in Redis across instances when configured). */
export function webhookThrottle(counters: WindowCounters, limit: Config['rateLimits']['webhooks']) {
  const windowMs = Math.round(limit.windowSeconds * 1000);
  return async (webhookId: string): Promise<number | undefined> => {
    const [result] = await counters.increment([`webhook:${webhookId}`], windowMs);
    return result && result.count > limit.max ? result.ttlMs : undefined;
  };
}
