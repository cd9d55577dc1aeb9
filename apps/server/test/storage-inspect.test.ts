import { describe, expect, it } from 'vitest';
import { inspectDatabase, openStore } from '../src/storage/db.js';
import { migrations } from '../src/storage/migrations/index.js';
import { DIALECTS } from './helpers/dialects.js';

/** How each engine names itself in doctor's database line. */
const VERSION: Record<string, RegExp> = { sqlite: /^SQLite \d+\.\d+/, postgres: /^PostgreSQL \d+/, mysql: /^MySQL\/MariaDB \d+\.\d+/ };

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`inspectDatabase on ${dialect.name}`, () => {
    it('lists every migration as pending on an empty database and changes nothing', async () => {
      const db = await dialect.create();
      try {
        const before = Date.now();
        const facts = await inspectDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' });
        expect(facts.dialect).toBe(dialect.name);
        expect(facts.version).toMatch(VERSION[dialect.name] ?? /^\w/);
        expect(Math.abs(facts.nowMs - before)).toBeLessThan(5000);
        expect(facts.pending).toEqual(Object.keys(migrations));
        expect((await inspectDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' })).pending).toEqual(Object.keys(migrations));
      } finally {
        await db.drop();
      }
    });

    it('lists none once the store has migrated, and openStore({ migrate: false }) leaves them pending', async () => {
      const db = await dialect.create();
      try {
        const unmigrated = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent', migrate: false });
        await unmigrated.store.close();
        expect((await inspectDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' })).pending).toHaveLength(Object.keys(migrations).length);
        const migrated = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' });
        await migrated.store.close();
        expect((await inspectDatabase({ databaseUrl: db.url, dataDir: '/nonexistent' })).pending).toEqual([]);
      } finally {
        await db.drop();
      }
    });
  });
}
