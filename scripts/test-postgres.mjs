// Second pass of `npm test`: the whole server suite again, every test server on its own scratch
// PostgreSQL database (see apps/server/test/helpers/start-server.ts). Skips loudly without
// PostgreSQL, except under CI=true, where a missing database is a failure.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { splitServerTests } from './dialect-explicit.mjs';

const url = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres:parley@127.0.0.1:5432/parley_test';

async function reachable() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (!(await reachable())) {
  if (process.env.CI === 'true') {
    process.stderr.write(`PostgreSQL is required under CI=true but ${url} is unreachable\n`);
    process.exit(1);
  }
  process.stderr.write(`\n!!! PostgreSQL unreachable at ${url}: SKIPPING the server suite on PostgreSQL !!!\n\n`);
  process.exit(0);
}

const { run: files, covered } = splitServerTests('apps/server/test');
process.stdout.write(`\n== server suite on PostgreSQL (${files.length} files; the first pass already ran these on every engine: ${covered.join(', ')})\n`);
const run = spawnSync('npx', ['vitest', 'run', ...files], {
  stdio: 'inherit',
  env: { ...process.env, PARLEY_TEST_DIALECT: 'postgres' },
});
process.exit(run.status ?? 1);
