import { isIP } from 'node:net';
import { z } from 'zod';

/** Names proxy-addr understands for whole address ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(s: string): boolean {
  if (PROXY_RANGE_NAMES.has(s)) return true;
  const [address = '', bits, ...rest] = s.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** PARLEY_TRUST_PROXY arrives as one string: "true"/"false" or a comma-separated list. */
function trustProxyFromString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const s = value.trim().toLowerCase();
  if (s === 'true' || s === 'false') return s === 'true';
  return s.split(',').map((part) => part.trim()).filter(Boolean);
}

/**
 * Which peers may set X-Forwarded-For/-Proto (Fastify's trustProxy). `false`: none, the socket
 * address is the client. A list trusts those addresses, CIDRs or loopback/linklocal/uniquelocal:
 * the client is the nearest address not in it. `true` trusts every hop, so the leftmost entry,
 * which the client may have written, wins: safe only when the proxy overwrites the header
 * (docs/deploy.md). Hop counts are not offered: Fastify 5 treats them as trusting nobody.
 */
export const TrustProxy = z.preprocess(
  trustProxyFromString,
  z.union([
    z.boolean(),
    z.array(z.string().refine(isAddressOrCidr, { message: 'must be IP addresses or CIDRs (or loopback, linklocal, uniquelocal)' })).min(1),
  ]),
);

const window = (max: number, windowSeconds: number) =>
  z
    .object({
      max: z.number().int().min(1).max(1_000_000).default(max),
      windowSeconds: z.number().min(0.1).max(86_400).default(windowSeconds),
    })
    .strict()
    .default({ max, windowSeconds });

const failures = (free: number, max: number) =>
  z
    .object({
      /** Failures in the window answered without delay. */
      free: z.number().int().min(0).max(10_000).default(free),
      /** Failures in the window after which attempts get 429 until the window ends. */
      max: z.number().int().min(1).max(100_000).default(max),
    })
    .strict()
    .refine((f) => f.max > f.free, { message: 'max must be above free' })
    .default({ free, max });

const bruteForce = (windowSeconds: number, perIp: [number, number], perUsername: [number, number]) =>
  z
    .object({
      /** A key's failures are forgotten this long after its first one. */
      windowSeconds: z.number().min(0.1).max(86_400).default(windowSeconds),
      perIp: failures(...perIp),
      perUsername: failures(...perUsername),
    })
    .strict()
    .default({ windowSeconds, perIp: { free: perIp[0], max: perIp[1] }, perUsername: { free: perUsername[0], max: perUsername[1] } });

const DEFAULT_SOCKET = { userSendRatePerSecond: 20, userSendBurst: 60, userFrameRatePerSecond: 100, userFrameBurst: 300, floodCloseAfter: 2000 };

/** Every rate limit (docs/deploy.md, "Rate limits"). With redisUrl set, REST and login counters are shared by all instances. */
export const RateLimits = z
  .object({
    /** Off only for benchmarks and trusted networks. */
    enabled: z.boolean().default(true),
    rest: z
      .object({
        /** Requests per signed-in user, whatever their IP. */
        perUser: window(600, 60),
        /** Requests per client IP to routes that need no sign-in (auth, socket upgrades). */
        perIp: window(300, 60),
      })
      .strict()
      .default({ perUser: { max: 600, windowSeconds: 60 }, perIp: { max: 300, windowSeconds: 60 } }),
    /** POST /api/uploads and PUT /api/me/avatar together, per user; a budget of their own. */
    uploads: window(60, 600),
    /** Posts per incoming webhook (POST /api/hooks/…), whoever sends them: about one a second, in bursts of 10. */
    webhooks: window(10, 10),
    /** Failed logins (wrong password or unknown user). */
    login: bruteForce(900, [20, 100], [5, 20]),
    /** Registrations (every attempt per IP; refused ones per username). */
    register: bruteForce(3600, [10, 50], [5, 20]),
    /** The progressive delay past `free`: baseMs, doubling per further failure, at most maxMs. */
    delay: z
      .object({
        baseMs: z.number().int().min(0).max(10_000).default(250),
        maxMs: z.number().int().min(0).max(30_000).default(4000),
        /** Requests waiting out a delay at once; beyond it they get 429 at once (a delay holds a socket, not CPU). */
        maxWaiting: z.number().int().min(1).max(100_000).default(1000),
      })
      .strict()
      .default({ baseMs: 250, maxMs: 4000, maxWaiting: 1000 }),
    /** Per user across all of their sockets on one instance (per socket: ws.sendRatePerSecond/sendBurst, frames 5x). */
    socket: z
      .object({
        userSendRatePerSecond: z.number().min(0.1).max(10_000).default(DEFAULT_SOCKET.userSendRatePerSecond),
        userSendBurst: z.number().int().min(1).max(100_000).default(DEFAULT_SOCKET.userSendBurst),
        userFrameRatePerSecond: z.number().min(0.1).max(50_000).default(DEFAULT_SOCKET.userFrameRatePerSecond),
        userFrameBurst: z.number().int().min(1).max(500_000).default(DEFAULT_SOCKET.userFrameBurst),
        /** Refused frames a socket may pile up (refilled at its frame rate) before it is closed with 1008. */
        floodCloseAfter: z.number().int().min(1).max(1_000_000).default(DEFAULT_SOCKET.floodCloseAfter),
      })
      .strict()
      .default(DEFAULT_SOCKET),
  })
  .strict()
  .default({
    enabled: true,
    rest: { perUser: { max: 600, windowSeconds: 60 }, perIp: { max: 300, windowSeconds: 60 } },
    uploads: { max: 60, windowSeconds: 600 },
    webhooks: { max: 10, windowSeconds: 10 },
    login: { windowSeconds: 900, perIp: { free: 20, max: 100 }, perUsername: { free: 5, max: 20 } },
    register: { windowSeconds: 3600, perIp: { free: 10, max: 50 }, perUsername: { free: 5, max: 20 } },
    delay: { baseMs: 250, maxMs: 4000, maxWaiting: 1000 },
    socket: DEFAULT_SOCKET,
  });
export type RateLimitsConfig = z.infer<typeof RateLimits>;

/** The PARLEY_* variables for the main limits (merged into ENV_KEYS). */
export const RATE_LIMIT_ENV_KEYS = {
  PARLEY_TRUST_PROXY: { path: ['trustProxy'], kind: 'string' },
  PARLEY_RATE_LIMITS_ENABLED: { path: ['rateLimits', 'enabled'], kind: 'boolean' },
  PARLEY_RATE_LIMIT_USER_MAX: { path: ['rateLimits', 'rest', 'perUser', 'max'], kind: 'number' },
  PARLEY_RATE_LIMIT_IP_MAX: { path: ['rateLimits', 'rest', 'perIp', 'max'], kind: 'number' },
  PARLEY_RATE_LIMIT_UPLOADS_MAX: { path: ['rateLimits', 'uploads', 'max'], kind: 'number' },
  PARLEY_LOGIN_FREE_FAILURES: { path: ['rateLimits', 'login', 'perUsername', 'free'], kind: 'number' },
  PARLEY_LOGIN_MAX_FAILURES: { path: ['rateLimits', 'login', 'perUsername', 'max'], kind: 'number' },
  PARLEY_LOGIN_WINDOW_SECONDS: { path: ['rateLimits', 'login', 'windowSeconds'], kind: 'number' },
} as const;
