import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script of the test runner, without type declarations
import { choosesItsOwnDatabases, splitServerTests } from '../../../scripts/dialect-explicit.mjs';

describe('the PostgreSQL pass of npm test', () => {
  it('leaves out a storage test that loops over every engine itself', () => {
    expect(choosesItsOwnDatabases("import { DIALECTS } from './helpers/dialects.js';\nfor (const dialect of DIALECTS) {}")).toBe(true);
  });

  it('keeps a test with a server on the default database', () => {
    const source = "import { DIALECTS } from './helpers/dialects.js';\nconst a = await startServer({ databaseUrl: db.url });\nconst b = await startServer();";
    expect(choosesItsOwnDatabases(source)).toBe(false);
  });

  it('keeps a test that picks its engine from PARLEY_TEST_DIALECT, and one on the default database', () => {
    expect(choosesItsOwnDatabases("import { DIALECTS } from './x.js';\nconst e = process.env.PARLEY_TEST_DIALECT;")).toBe(false);
    expect(choosesItsOwnDatabases('const server = await startServer();')).toBe(false);
  });

  it('leaves out a test that starts no server at all', () => {
    expect(choosesItsOwnDatabases("import { loadConfig } from '../src/config/load.js';\nit('reads yaml', () => {});")).toBe(true);
  });

  it('still runs the exact-once, scale-out and room tests on PostgreSQL', () => {
    const { run } = splitServerTests('apps/server/test') as { run: string[] };
    for (const name of ['exact-once', 'scale-out', 'rooms', 'admin-users']) expect(run).toContain(`apps/server/test/${name}.test.ts`);
  });
});
