import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { ConfigSchema, type Config, type ConfigInput } from '../../src/config/schema.js';
import type { Clock } from '../../src/domain/clock.js';

export interface TestServer {
  url: string;
  wsUrl: string;
  config: Config;
  /** The Fastify instance, for tests that must act from the server side (e.g. kill sockets). */
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Rate limits stay on in every test server, so their hooks run everywhere, but high enough that no
 * test trips one by accident; the rate-limit tests override the section they check.
 */
const ROOMY_RATE_LIMITS = {
  rest: { perUser: { max: 100_000, windowSeconds: 60 }, perIp: { max: 100_000, windowSeconds: 60 } },
  uploads: { max: 100_000, windowSeconds: 60 },
  login: { windowSeconds: 60, perIp: { free: 10_000, max: 100_000 }, perUsername: { free: 10_000, max: 100_000 } },
  register: { windowSeconds: 60, perIp: { free: 10_000, max: 100_000 }, perUsername: { free: 10_000, max: 100_000 } },
  // Per user across sockets; the per-socket budget (ws.sendRatePerSecond/sendBurst) still applies as configured.
  socket: { userSendRatePerSecond: 10_000, userSendBurst: 100_000, userFrameRatePerSecond: 50_000, userFrameBurst: 500_000 },
};

/**
 * Under PARLEY_TEST_DIALECT=postgres (the second pass of `npm test`) or =mysql (its third pass, on
 * the tests scripts/test-mysql.mjs names), a server without an explicit database gets a scratch
 * database of that engine instead of SQLite.
 */
async function scratchDatabase(overrides: Partial<ConfigInput>): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const wanted = process.env.PARLEY_TEST_DIALECT;
  if (overrides.databaseUrl !== undefined || (wanted !== 'postgres' && wanted !== 'mysql')) return undefined;
  const { DIALECTS } = await import('./dialects.js');
  const dialect = DIALECTS.find((d) => d.name === wanted);
  if (!dialect?.available) throw new Error(`PARLEY_TEST_DIALECT=${wanted} but its database is unreachable`);
  return dialect.create();
}

/**
 * A real server on a random port with a fresh SQLite file in a temp dir (or a scratch PostgreSQL
 * database, see scratchDatabase); `clock` lets a test move time.
 */
export async function startServer(
  overrides: Partial<ConfigInput> = {},
  { clock, logStream }: { clock?: Clock; logStream?: DestinationStream } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const scratch = await scratchDatabase(overrides);
  const parsed = ConfigSchema.parse({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logLevel: 'silent',
    ...(scratch && { databaseUrl: scratch.url }),
    ...overrides,
    ws: { presenceFlushMs: 20, ...overrides.ws },
    rateLimits: { ...ROOMY_RATE_LIMITS, ...overrides.rateLimits },
  });
  const config: Config = Object.freeze({ ...parsed, jwtSecret: 'test-secret-'.padEnd(48, 'x') });
  // With a logStream, everything down to debug (or a lower logLevel override, e.g. trace) is written there.
  const level = overrides.logLevel === 'trace' ? 'trace' : 'debug';
  const app = await buildApp({ config, ...(clock && { clock }), ...(logStream && { logger: createLogger(level, logStream) }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    config,
    app,
    async close() {
      await app.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
