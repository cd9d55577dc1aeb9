// Second pass of `npm test`: the whole server suite again, every test server on its own scratch
// PostgreSQL database (see apps/server/test/helpers/start-server.ts). Skips loudly without
// PostgreSQL, except under CI=true, where a missing database is a failure.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

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

process.stdout.write('\n== server suite on PostgreSQL\n');
const run = spawnSync('npx', ['vitest', 'run', 'apps/server/test'], {
  stdio: 'inherit',
  env: { ...process.env, PARLEY_TEST_DIALECT: 'postgres' },
});
process.exit(run.status ?? 1);
