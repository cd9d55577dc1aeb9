import { describe, expect, it } from 'vitest';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { withStatementCache } from './statement-cache.js';

function fakeDb() {
  const prepared: string[] = [];
  let closed = false;
  const db: SqliteDatabase = {
    close: () => {
      closed = true;
    },
    prepare: (sql) => {
      prepared.push(sql);
      return { reader: true, all: () => [sql], run: () => ({ changes: 0, lastInsertRowid: 0 }), iterate: () => [][Symbol.iterator]() } as SqliteStatement;
    },
  };
  return { db, prepared, isClosed: () => closed };
}

describe('withStatementCache', () => {
  it('prepares each SQL text once and hands back the same statement', () => {
    const f = fakeDb();
    const db = withStatementCache(f.db);
    const a = db.prepare('select 1');
    expect(db.prepare('select 1')).toBe(a);
    db.prepare('select 2');
    expect(f.prepared).toEqual(['select 1', 'select 2']);
  });

  it('keeps at most 256 statements, dropping the least recently used', () => {
    const f = fakeDb();
    const db = withStatementCache(f.db);
    for (let i = 0; i < 256; i++) db.prepare(`q${i}`);
    db.prepare('q0'); // q0 is now the most recent; q1 the least
    db.prepare('q256'); // evicts q1
    db.prepare('q0');
    db.prepare('q1');
    expect(f.prepared.filter((s) => s === 'q0')).toHaveLength(1);
    expect(f.prepared.filter((s) => s === 'q1')).toHaveLength(2);
  });

  it('closes the database', () => {
    const f = fakeDb();
    withStatementCache(f.db).close();
    expect(f.isClosed()).toBe(true);
  });
});
