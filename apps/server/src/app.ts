import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { MemoryBus } from './bus/memory-bus.js';
import { MemoryPresence } from './bus/memory-presence.js';
import { RedisBus } from './bus/redis-bus.js';
import { RedisPresence } from './bus/redis-presence.js';
import type { Bus, Presence } from './bus/types.js';
import { timedBus } from './bus/timed-bus.js';
import type { Config } from './config/schema.js';
import { createAccountService } from './domain/accounts.js';
import { createPasswordPolicy } from './domain/password-policy.js';
import { createSessionService } from './domain/sessions.js';
import { loadCommonPasswords } from './lib/common-passwords.js';
import { sessionRoutes } from './http/sessions.js';
import { accessTokenRoutes } from './http/access-tokens.js';
import { createAccessTokenService } from './domain/access-tokens.js';
import { createAuditLog, createAuditService } from './domain/audit.js';
import { createInstanceSettings } from './domain/instance-settings.js';
import { registerUploads } from './app-uploads.js';
import { registerUserAdministration } from './http/user-administration.js';
import { createRegistrationGate } from './domain/registration-gate.js';
import { registerInstanceOperations } from './http/instance-operations.js';
import { createSearchService } from './domain/search.js';
import { systemClock, type Clock } from './domain/clock.js';
import { createMembershipService } from './domain/membership.js';
import { createModerationService } from './domain/moderation.js';
import { createMessageService, type MessageService } from './domain/messages.js';
import { createPresenceService } from './domain/presence.js';
import { createReadStateService } from './domain/read-state.js';
import { createRoomService } from './domain/rooms.js';
import { createDirectRoomService } from './domain/direct-rooms.js';
import { directRoutes } from './http/direct.js';
import { auditRoutes } from './http/audit.js';
import { searchRoutes } from './http/search.js';
import { reactionRoutes } from './http/reactions.js';
import { createReactionService } from './domain/reactions.js';
import { createMessageChangeService } from './domain/message-changes.js';
import { createPinService } from './domain/message-pins.js';
import { messageChangeRoutes } from './http/message-changes.js';
import { authRoutes } from './http/auth.js';
import { createAuthenticate } from './http/authenticate.js';
import { registerErrorHandler, registerNotFound } from './http/error-handler.js';
import { registerMetrics } from './http/metrics.js';
import { healthRoutes } from './http/health.js';
import { echoRequestId, requestId } from './http/request-id.js';
import { meRoutes } from './http/me.js';
import { memberRoutes } from './http/members.js';
import { moderationRoutes } from './http/moderation.js';
import { messageRoutes } from './http/messages.js';
import { roomRoutes } from './http/rooms.js';
import { registerWebClient } from './http/web.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerRateLimits, webhookThrottle } from './http/rate-limits.js';
import { hookRoutes, webhookRoutes } from './http/webhooks.js';
import { createWebhookService } from './domain/webhooks.js';
import { createLogger } from './lib/logger.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { createArgon2Hasher } from './lib/passwords.js';
import { createJwtSigner } from './lib/jwt.js';
import { openStore } from './storage/db.js';
import type { Store } from './storage/types.js';
import { registerWsRoute } from './ws/route.js';
import { Hub } from './ws/hub.js';
import { createUserSocketLimits } from './ws/connection.js';
import { LiveSockets } from './ws/live-sockets.js';

export interface AppDeps {
  config: Config;
  clock?: Clock;
  logger?: Logger;
}

const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** After this long into shutdown, connections still open are cut so the process exits in time. */
const FORCE_CLOSE_AFTER_MS = 8000;

/**
 * close() ends only idle keep-alive connections. One still sending a response (a large download)
 * would then stay open for keepAliveTimeout (72 s) and hold up shutdown, so end it once it is done.
 */
function endConnectionsWhenClosing(app: FastifyInstance): void {
  let closing = false;
  // Every raw connection, upgraded ones included: a socket that upgraded during the drain and never
  // finished (answered 503 by the router, or left half-open by a proxy) keeps server.close() waiting.
  const raw = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    raw.add(socket);
    socket.once('close', () => raw.delete(socket));
  });
  app.addHook('preClose', async () => {
    closing = true;
    // Drain (5 s) and close handshakes (1 s) are over by then; main.ts gives up at 10 s.
    setTimeout(() => {
      for (const socket of raw) socket.destroy();
    }, FORCE_CLOSE_AFTER_MS).unref();
  });
  app.addHook('onResponse', async (request) => {
    if (closing) request.raw.socket?.end();
  });
}

/** The message service, counting each newly stored message (a resend's duplicate is not new). */
function countingStoredSends(messages: MessageService, metrics: Metrics): MessageService {
  return {
    ...messages,
    async send(sender, input) {
      const result = await messages.send(sender, input);
      if (!result.duplicate) metrics.messagesIn.inc();
      return result;
    },
  };
}

/** Wires every dependency by hand and registers routes. Never listens, never reads process.env. */
export async function buildApp({ config, clock = systemClock, logger = createLogger(config.logLevel) }: AppDeps): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = logger;
  const app: FastifyInstance = Fastify({
    loggerInstance,
    bodyLimit: 1024 * 1024,
    // A reaction's emoji, URL-encoded, is up to 192 characters (32 UTF-16 units, as %XX per UTF-8
    // byte); past the default 100 the route would answer 404 instead of naming the bad parameter.
    routerOptions: { maxParamLength: 256 },
    return503OnClosing: true,
    genReqId: requestId,
    // request.ip and request.protocol believe X-Forwarded-For/-Proto only from these proxies.
    trustProxy: config.trustProxy,
  });
  echoRequestId(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', undefined);
  registerErrorHandler(app);
  await registerSecurityHeaders(app, config);
  endConnectionsWhenClosing(app);
  const metrics = createMetrics({ withDefaults: config.metrics.enabled });
  registerMetrics(app, metrics, config.metrics.enabled);

  const { store, dialect } = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onPoolError: (err) => logger.error({ err }, 'database connection lost'),
    onQuery: (ms, failed) => metrics.dbQuerySeconds.observe({ outcome: failed ? 'error' : 'ok' }, ms / 1000),
  });
  logger.info({ dialect }, 'storage ready');
  try {
    return await wire(app, config, clock, logger, store, metrics);
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** How long start-up waits for Redis before serving anyway (not ready, see /readyz) while ioredis keeps retrying. */
const REDIS_START_TIMEOUT_MS = 5000;

/** In-process bus and presence for one instance; over Redis when redisUrl is set, for several (ADR 0004). */
async function sharedState(config: Config, logger: Logger): Promise<{ bus: Bus; presence: Presence }> {
  const onHandlerError = (err: unknown, channel: object) => logger.error({ err, ...channel }, 'bus handler failed');
  if (!config.redisUrl) return { bus: new MemoryBus(onHandlerError), presence: new MemoryPresence() };
  const onRedisError = (err: unknown) => logger.warn({ err }, 'redis trouble');
  const options = { url: config.redisUrl, keyPrefix: config.redisKeyPrefix, onRedisError };
  const bus = new RedisBus({ ...options, onHandlerError });
  const presence = new RedisPresence({ ...options, ttlSeconds: config.presenceTtlSeconds, instanceId: bus.instanceId, busReady: () => bus.isReady() });
  const up = await bus.waitUntilReady(REDIS_START_TIMEOUT_MS);
  if (!up) logger.error('redis unreachable at start-up; serving local sockets only until it answers');
  await presence.start(up ? REDIS_START_TIMEOUT_MS : 0);
  logger.info({ instanceId: bus.instanceId }, 'redis bus and presence ready');
  return { bus, presence };
}

async function wire(app: FastifyInstance, config: Config, clock: Clock, logger: Logger, store: Store, metrics: Metrics): Promise<FastifyInstance> {
  const shared = await sharedState(config, logger);
  const bus = timedBus(shared.bus, (seconds) => metrics.fanoutSeconds.observe(seconds));
  // Before the websocket plugin's preClose closes the sockets (hooks run in registration order).
  app.addHook('preClose', async () => shared.presence.beginShutdown?.());
  const presence = createPresenceService({
    presence: shared.presence,
    store,
    bus,
    flushMs: config.ws.presenceFlushMs,
    onError: (err) => logger.error({ err }, 'presence update from another instance failed'),
  });
  const audit = createAuditLog({ store, clock, onError: (err, action) => logger.error({ err, action }, 'audit log write failed') });
  const sessions = createSessionService({ store, bus, clock, audit });
  const { uploads, instance } = config;
  const settings = createInstanceSettings({
    store, bus, clock, audit,
    defaults: { instanceName: instance.name, registration: instance.registration, defaultLanguage: instance.defaultLanguage, maxUploadBytes: uploads.maxFileBytes, allowedFileTypes: uploads.allowedTypes },
    uploadCeiling: uploads.maxFileBytes,
    onError: (err) => logger.error({ err }, 'instance settings reload failed'),
  });
  await settings.start();
  const membership = createMembershipService({ store, bus, presence, clock, audit });
  const passwords = createArgon2Hasher();
  const passwordPolicy = createPasswordPolicy(loadCommonPasswords());
  const accounts = createAccountService({
    store,
    clock,
    sessions,
    passwordPolicy,
    passwords,
    tokens: createJwtSigner({ secret: config.jwtSecret, ttlSeconds: config.auth.accessTokenTtlSeconds, issuer: 'parley', now: clock }),
    refreshTokenTtlMs: config.auth.refreshTokenTtlDays * 86_400_000,
    audit,
    registration: createRegistrationGate({
      store, clock,
      mode: () => settings.current().registration,
      join: (user, roomId, code) => membership.join(user, roomId, code),
      onJoinError: (err, roomId) => logger.error({ err, roomId }, 'joining the invite room after registration failed'),
    }),
  });
  const messages = countingStoredSends(createMessageService({ store, bus, clock, isOnline: (userId) => presence.isOnline(userId) }), metrics);
  // Before any route it limits: the limits attach to routes as they are added.
  const counters = await registerRateLimits(app, config, logger);
  const authenticate = createAuthenticate(accounts);
  const attachments = await registerUploads(app, config, store, clock, authenticate, logger, settings);
  const rooms = createRoomService({ store, bus, presence, clock, audit, onRoomDeleted: (roomId) => attachments.roomDeleted(roomId) });

  await app.register(authRoutes(accounts, config.auth.refreshTokenTtlDays * 86_400), { prefix: '/api/auth' });
  await app.register(meRoutes(accounts, authenticate), { prefix: '/api/me' });
  await app.register(sessionRoutes(sessions, authenticate), { prefix: '/api/me/sessions' });
  await app.register(accessTokenRoutes(createAccessTokenService({ store, bus, clock, audit }), authenticate), { prefix: '/api/me/access-tokens' });
  const readState = createReadStateService({ store, bus });
  await app.register(roomRoutes(rooms, membership, readState, authenticate), { prefix: '/api/rooms' });
  await app.register(memberRoutes(membership, authenticate), { prefix: '/api/rooms' });
  await app.register(directRoutes(createDirectRoomService({ store, bus, presence, clock, rooms }), authenticate), { prefix: '/api/direct' });
  const moderation = createModerationService({ store, bus, presence, clock, audit });
  await app.register(moderationRoutes(moderation, rooms, authenticate), { prefix: '/api/rooms' });
  await app.register(auditRoutes(createAuditService({ store }), authenticate), { prefix: '/api' });
  await app.register(searchRoutes(createSearchService({ store }), authenticate), { prefix: '/api' });
  await app.register(reactionRoutes(createReactionService({ store, bus, clock }), authenticate), { prefix: '/api' });
  await app.register(messageRoutes(messages, authenticate), { prefix: '/api/rooms' });
  const releaseBlobs = (sha256s: readonly string[]) =>
    attachments.releaseBlobs(sha256s).catch((err: unknown) => logger.error({ err }, 'blob clean-up after a message deletion failed'));
  const changes = createMessageChangeService({ store, bus, clock, audit, isOnline: (userId) => presence.isOnline(userId), releaseBlobs });
  await app.register(messageChangeRoutes(changes, createPinService({ store, bus, clock }), authenticate), { prefix: '/api' });
  const webhooks = createWebhookService({ store, bus, clock, audit });
  await app.register(webhookRoutes(webhooks, authenticate), { prefix: '/api/rooms' });
  await app.register(hookRoutes(webhooks, counters && webhookThrottle(counters, config.rateLimits.webhooks)), { prefix: '/api/hooks' });
  await app.register(healthRoutes(store, bus));
  const sockets = new LiveSockets();
  const isOnline = (userId: string) => presence.isOnline(userId);
  await registerUserAdministration(app, { store, bus, clock, audit, passwords, passwordPolicy, sessions, rooms, isOnline, authenticate, sockets, logger });

  // Replaces the plugin's own preClose, which would close sockets at once and without 1012.
  await app.register(websocket, { options: { maxPayload: config.ws.maxPayloadBytes }, preClose: () => sockets.shutdown() });
  const hub = new Hub(bus);
  const userLimits = config.rateLimits.enabled ? createUserSocketLimits(config.rateLimits.socket) : undefined;
  await app.register(async (scope) => {
    await registerWsRoute(scope, { accounts, messages, presence, store, hub, limits: config.ws, userLimits, log: logger }, config.allowedOrigins, metrics, sockets);
  });
  const blobsDir = join(config.dataDir, 'blobs');
  await registerInstanceOperations(app, { settings, store, presence: shared.presence, clock, blobsDir, authenticate, sockets, logger });

  registerNotFound(app, await registerWebClient(app, config.webDir ?? DEFAULT_WEB_DIR));

  app.addHook('onClose', async () => {
    presence.close();
    await shared.presence.close();
    await bus.close();
    await store.close();
  });
  return app;
}
