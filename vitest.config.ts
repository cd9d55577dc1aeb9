import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The web client's unit tests mock modules and fake timers, so each file gets a fresh module graph. */
const WEB_UNITS = 'apps/web/src/**/*.test.{ts,tsx}';

export default defineConfig({
  resolve: {
    // Tests run against the protocol's source, so they need no build step of their own.
    alias: { '@parley/protocol': fileURLToPath(new URL('./packages/protocol/src/index.ts', import.meta.url)) },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker per core minus one: a single worker on a 2-core CI machine. The
    // suites mostly wait on sockets, timers and chromium, so a second worker fills the idle core.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'web-units',
          include: [WEB_UNITS],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'deploy/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
          // The server keeps no module-level state (every server a test starts is built from scratch),
          // so test files share one module graph per worker instead of re-importing Fastify, Kysely and
          // the server for each file: that import was 40% of the suite's time on a 2-core machine.
          isolate: false,
        },
      },
    ],
  },
});
