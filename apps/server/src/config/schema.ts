import { z } from 'zod';
import { InstanceLanguage, InstanceSettings, RegistrationMode } from '@parley/protocol';
import { RATE_LIMIT_ENV_KEYS, RateLimits, TrustProxy } from './rate-limits.js';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function isRedisUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A browser origin: http(s), a host, maybe a port, and nothing else (no path, query or credentials). */
function isOrigin(s: string): boolean {
  try {
    const url = new URL(s);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === s.replace(/\/$/, '');
  } catch {
    return false;
  }
}

/** Every setting, with its built-in default. Key paths here are what config errors name; unknown keys, nested ones too, are errors. */
export const ConfigSchema = z
  .object({
    host: z.string().min(1).default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).default(8000),
    dataDir: z.string().min(1).default('./data'),
    /** `sqlite:<file>`, `postgres://…` or `mysql://…` (`mariadb://…`); default is SQLite at `<dataDir>/parley.db`. */
    databaseUrl: z
      .string()
      .refine((s) => /^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/)/.test(s), {
        message: 'must start with sqlite:, postgres:// or mysql://',
      })
      .optional(),
    /** `redis://…` or `rediss://…`; when set, instances share the bus and presence through Redis (ADR 0004). */
    redisUrl: z
      .string()
      .refine(isRedisUrl, { message: 'must be a redis:// or rediss:// URL' })
      .optional(),
    /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
    redisKeyPrefix: z.string().regex(/^[\w.:-]{1,64}$/, { message: 'must be 1-64 letters, digits or . : _ -' }).default('parley:'),
    /** With Redis, an instance that stops refreshing its heartbeat for this long has its users marked offline. */
    presenceTtlSeconds: z.number().int().min(2).max(600).default(30),
    /** HS256 secret for access tokens; generated into the data dir when absent. */
    jwtSecret: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    logLevel: LogLevel.default('info'),
    /** Browser origins allowed to open the socket; empty means the server's own origin only. */
    allowedOrigins: z.array(z.string().refine(isOrigin, { message: 'must be a list of origins like https://chat.example.com' })).default([]),
    /** Where the built web client lives; default is apps/web/dist next to the server. */
    webDir: z.string().optional(),
    auth: z
      .object({
        accessTokenTtlSeconds: z.number().int().min(30).max(86_400).default(900),
        refreshTokenTtlDays: z.number().int().min(1).max(365).default(30),
      })
      .strict()
      .default({ accessTokenTtlSeconds: 900, refreshTokenTtlDays: 30 }),
    uploads: z
      .object({
        /** Largest accepted upload, in bytes (default 25 MiB). */
        maxFileBytes: z.number().int().min(1024).max(10 * 1024 ** 3).default(25 * 1024 * 1024),
        /** Largest accepted image, in pixels (default 40 MP); checked from the header, before decoding. */
        maxImagePixels: z.number().int().min(1).max(1_000_000_000).default(40_000_000),
        // Content types accepted, as detected from the bytes; "image/*"-style and "*/*" wildcards allowed.
        allowedTypes: z.array(z.string().regex(/^[\w.+-]+\/(\*|[\w.+-]+)$|^\*\/\*$/, { message: 'must be content types like image/* or application/pdf' })).min(1).default(['*/*']),
        /** Uploads not used in a message within this many hours are deleted. */
        unusedTtlHours: z.number().min(0.01).max(24 * 30).default(24),
      })
      .strict()
      .default({ maxFileBytes: 25 * 1024 * 1024, maxImagePixels: 40_000_000, allowedTypes: ['*/*'], unusedTtlHours: 24 }),
    /** Defaults of the instance settings; once an admin saves one in the console, the database wins. */
    instance: z
      .object({
        name: InstanceSettings.shape.instanceName.default('Parley'),
        defaultLanguage: InstanceLanguage.default('en'),
        registration: RegistrationMode.default('open'),
      })
      .strict()
      .default({ name: 'Parley', defaultLanguage: 'en', registration: 'open' }),
    ws: z
      .object({
        maxPayloadBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(65_536),
        authTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
        pingIntervalMs: z.number().int().min(1000).max(300_000).default(25_000),
        /** Replay at most this many missed messages per room on resume; beyond it the client pages history. */
        replayLimit: z.number().int().min(10).max(100_000).default(1000),
        sendRatePerSecond: z.number().min(0.1).max(10_000).default(10),
        sendBurst: z.number().int().min(1).max(100_000).default(30),
        presenceFlushMs: z.number().int().min(10).max(10_000).default(250),
      })
      .strict()
      .default({
        maxPayloadBytes: 65_536,
        authTimeoutMs: 5000,
        pingIntervalMs: 25_000,
        replayLimit: 1000,
        sendRatePerSecond: 10,
        sendBurst: 30,
        presenceFlushMs: 250,
      }),
    /** Proxies whose X-Forwarded-For/-Proto are believed (see rate-limits.ts); false: the socket peer is the client. */
    trustProxy: TrustProxy.default(false),
    rateLimits: RateLimits,
    metrics: z
      .object({
        /** Serve Prometheus metrics at GET /metrics; keep that path internal (see docs/protocol.md). */
        enabled: z.boolean().default(true),
      })
      .strict()
      .default({ enabled: true }),
    security: z
      .object({
        /**
         * Strict-Transport-Security. Turn on only once every client reaches Parley over HTTPS: browsers
         * then refuse plain HTTP to this host (and its subdomains with includeSubDomains) for maxAgeSeconds.
         */
        hsts: z
          .object({
            enabled: z.boolean().default(false),
            maxAgeSeconds: z.number().int().min(0).max(63_072_000).default(15_552_000),
            includeSubDomains: z.boolean().default(true),
          })
          .strict()
          .default({ enabled: false, maxAgeSeconds: 15_552_000, includeSubDomains: true }),
      })
      .strict()
      .default({ hsts: { enabled: false, maxAgeSeconds: 15_552_000, includeSubDomains: true } }),
  })
  .strict();

export type ConfigInput = z.input<typeof ConfigSchema>;
export type Config = Readonly<z.infer<typeof ConfigSchema>> & { readonly jwtSecret: string };
export type ParsedConfig = z.infer<typeof ConfigSchema>;

/** Environment variables and the key each one sets; every value arrives as a string. */
export const ENV_KEYS = {
  PARLEY_HOST: { path: ['host'], kind: 'string' },
  PARLEY_PORT: { path: ['port'], kind: 'number' },
  PARLEY_DATA_DIR: { path: ['dataDir'], kind: 'string' },
  PARLEY_DATABASE_URL: { path: ['databaseUrl'], kind: 'string' },
  PARLEY_JWT_SECRET: { path: ['jwtSecret'], kind: 'string' },
  PARLEY_REDIS_URL: { path: ['redisUrl'], kind: 'string' },
  PARLEY_REDIS_KEY_PREFIX: { path: ['redisKeyPrefix'], kind: 'string' },
  PARLEY_PRESENCE_TTL_SECONDS: { path: ['presenceTtlSeconds'], kind: 'number' },
  PARLEY_LOG_LEVEL: { path: ['logLevel'], kind: 'string' },
  PARLEY_ALLOWED_ORIGINS: { path: ['allowedOrigins'], kind: 'list' },
  PARLEY_WEB_DIR: { path: ['webDir'], kind: 'string' },
  PARLEY_INSTANCE_NAME: { path: ['instance', 'name'], kind: 'string' },
  PARLEY_DEFAULT_LANGUAGE: { path: ['instance', 'defaultLanguage'], kind: 'string' },
  PARLEY_REGISTRATION: { path: ['instance', 'registration'], kind: 'string' },
  PARLEY_UPLOAD_MAX_FILE_BYTES: { path: ['uploads', 'maxFileBytes'], kind: 'number' },
  PARLEY_UPLOAD_MAX_IMAGE_PIXELS: { path: ['uploads', 'maxImagePixels'], kind: 'number' },
  PARLEY_UPLOAD_ALLOWED_TYPES: { path: ['uploads', 'allowedTypes'], kind: 'list' },
  PARLEY_ACCESS_TOKEN_TTL_SECONDS: { path: ['auth', 'accessTokenTtlSeconds'], kind: 'number' },
  PARLEY_REFRESH_TOKEN_TTL_DAYS: { path: ['auth', 'refreshTokenTtlDays'], kind: 'number' },
  PARLEY_WS_SEND_RATE_PER_SECOND: { path: ['ws', 'sendRatePerSecond'], kind: 'number' },
  PARLEY_WS_SEND_BURST: { path: ['ws', 'sendBurst'], kind: 'number' },
  PARLEY_WS_REPLAY_LIMIT: { path: ['ws', 'replayLimit'], kind: 'number' },
  PARLEY_METRICS_ENABLED: { path: ['metrics', 'enabled'], kind: 'boolean' },
  PARLEY_HSTS: { path: ['security', 'hsts', 'enabled'], kind: 'boolean' },
  PARLEY_HSTS_MAX_AGE: { path: ['security', 'hsts', 'maxAgeSeconds'], kind: 'number' },
  ...RATE_LIMIT_ENV_KEYS,
} as const satisfies Record<string, { path: readonly string[]; kind: 'string' | 'number' | 'list' | 'boolean' }>;
