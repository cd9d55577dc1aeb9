import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely } from 'kysely';
import { createDialect } from './dialect.js';
import { precompile } from './precompiled.js';
import type { Database } from './schema.js';

describe('precompile', () => {
  let dir: string;
  let db: Kysely<Database>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'precompiled-'));
    db = new Kysely<Database>({ dialect: (await createDialect(`sqlite:${join(dir, 'p.db')}`)).dialect });
    await db.schema.createTable('rooms').addColumn('id', 'text').addColumn('last_seq', 'integer').execute();
    await db.insertInto('rooms').values([{ id: 'a', last_seq: 1 } as never, { id: 'b', last_seq: 5 } as never]).execute();
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs one compiled query with new values each time, keeping its constants', async () => {
    const bump = precompile(db, ['id'], (d, p) =>
      d.updateTable('rooms').set((eb) => ({ last_seq: eb('last_seq', '+', 1) })).where('id', '=', p.id).returning('last_seq'),
    );
    expect(await bump(db, { id: 'a' })).toEqual([{ last_seq: 2 }]);
    expect(await bump(db, { id: 'b' })).toEqual([{ last_seq: 6 }]);
    expect(await bump(db, { id: 'nope' })).toEqual([]);
  });

  it('refuses a placeholder that did not become a parameter', () => {
    expect(() => precompile(db, ['id', 'unused'], (d, p) => d.selectFrom('rooms').select('id').where('id', '=', p.id))).toThrow(/unused/);
  });
});
