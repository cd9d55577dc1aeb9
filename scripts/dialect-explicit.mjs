// Which server test files the PostgreSQL pass of `npm test` can leave out: those PARLEY_TEST_DIALECT
// changes nothing in. It only picks the database of a startServer() call that names none, so a
// file qualifies when every test server it starts names its databaseUrl (chosen from
// helpers/dialects.ts, so the first pass ran them on every engine) or it starts none (config,
// storage and bus tests).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** True when no test server in the file falls back to the default database and the file ignores PARLEY_TEST_DIALECT. */
export function choosesItsOwnDatabases(source) {
  if (source.includes('PARLEY_TEST_DIALECT')) return false;
  const calls = source.split('\n').filter((line) => /\bstartServer\(/.test(line) && !/function startServer|import /.test(line));
  return calls.every((line) => /databaseUrl/.test(line));
}

/** The `.test.ts` files of `dir`, split into those to run and those the first pass covered. */
export function splitServerTests(dir) {
  const files = readdirSync(dir).filter((name) => name.endsWith('.test.ts')).sort();
  const covered = files.filter((name) => choosesItsOwnDatabases(readFileSync(join(dir, name), 'utf8')));
  return { run: files.filter((name) => !covered.includes(name)).map((name) => join(dir, name)), covered };
}
