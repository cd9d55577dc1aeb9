// Third pass of `npm test`: the whole-server tests that must hold on MySQL/MariaDB (ADR 0008), every
// test server on its own scratch database (see apps/server/test/helpers/start-server.ts). The
// storage contract tests already cover MariaDB in the first pass (they loop over every dialect).
// Skips loudly without MariaDB, except under CI=true, where a missing database is a failure.
import { spawnSync } from 'node:child_process';
import mysql from 'mysql2/promise';

const url = process.env.PARLEY_TEST_MYSQL_URL ?? 'mysql://parley:parley@127.0.0.1:3306/parley_test';

/**
 * The whole-server tests known to pass on MariaDB; the rest of the suite runs on SQLite and PostgreSQL.
 * search.test.ts is not here: it loops over every engine itself, MariaDB included, in the first pass.
 */
const TESTS = [
  'exact-once', 'rooms', 'realtime', 'resume', 'moderation', 'message-edit-delete', 'reactions', 'replies',
  'message-pins', 'direct-messages', 'webhooks',
].map((name) => `apps/server/test/${name}.test.ts`);

async function reachable() {
  try {
    const c = await mysql.createConnection({ uri: url, connectTimeout: 2000 });
    await c.query('select 1');
    await c.end();
    return true;
  } catch {
    return false;
  }
}

if (!(await reachable())) {
  if (process.env.CI === 'true') {
    process.stderr.write(`MySQL/MariaDB is required under CI=true but ${url} is unreachable\n`);
    process.exit(1);
  }
  process.stderr.write(`\n!!! MySQL/MariaDB unreachable at ${url}: SKIPPING the server tests on MySQL/MariaDB !!!\n\n`);
  process.exit(0);
}

process.stdout.write('\n== server tests on MySQL/MariaDB\n');
const run = spawnSync('npx', ['vitest', 'run', ...TESTS], {
  stdio: 'inherit',
  env: { ...process.env, PARLEY_TEST_DIALECT: 'mysql' },
});
process.exit(run.status ?? 1);
