import type { TableMetadata } from 'kysely';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './row-values.js';
import { buildPlan, TABLE_ORDER } from './table-plan.js';

function table(name: string, columns: Array<[string, string]>): TableMetadata {
  return {
    name,
    isView: false,
    columns: columns.map(([column, dataType]) => ({ name: column, dataType, isNullable: true, isAutoIncrementing: false, hasDefaultValue: false })),
  };
}

const users = (type = 'bigint') => table('users', [['id', 'varchar(36)'], ['created_at', type], ['username', 'text']]);

describe('the migrate-data table plan', () => {
  it('lists every planned table once, parents before the tables that reference them', () => {
    const names = TABLE_ORDER.map((e) => e.table);
    expect(new Set(names).size).toBe(names.length);
    const before = (a: string, b: string) => expect(names.indexOf(a)).toBeLessThan(names.indexOf(b));
    before('users', 'rooms');
    before('rooms', 'room_members');
    before('rooms', 'messages');
    before('messages', 'message_edits');
    before('messages', 'message_reactions');
    before('messages', 'message_mentions');
    before('messages', 'attachments');
    before('users', 'password_resets');
  });

  it('refuses a table that is neither copied nor skipped, naming it', () => {
    const extra = table('shiny_new_table', [['id', 'text']]);
    expect(() => buildPlan([users(), extra], [users(), extra])).toThrow(/shiny_new_table are neither copied nor skipped/);
  });

  it('skips the migration history and the SQLite search index tables', () => {
    const fts = ['messages_fts', 'messages_fts_data', 'kysely_migration'].map((n) => table(n, [['x', 'text']]));
    expect(buildPlan([users(), ...fts], [users()]).map((p) => p.table)).toEqual(['users']);
  });

  it('refuses schemas whose columns differ', () => {
    const older = table('users', [['id', 'varchar(36)'], ['created_at', 'bigint']]);
    expect(() => buildPlan([older], [users()])).toThrow(/table users has columns \(created_at, id\) in the source but \(created_at, id, username\) in the target/);
  });

  it('treats a column as a number when either engine stores it as an integer', () => {
    const [plan] = buildPlan([users('bigint')], [users('int8')]);
    expect(plan!.columns).toEqual([
      { name: 'created_at', isNumber: true },
      { name: 'id', isNumber: false },
      { name: 'username', isNumber: false },
    ]);
    expect(plan!.key).toEqual([{ name: 'id', isText: true }]);
  });
});

describe('canonical rows', () => {
  const columns = [
    { name: 'at', isNumber: true },
    { name: 'body', isNumber: false },
    { name: 'gone', isNumber: true },
  ];

  it('reads the same whatever engine returned the values', () => {
    const fromPostgres = canonicalJson(columns, { body: '你好 🌸', at: '1700000000000', gone: null });
    const fromSqlite = canonicalJson(columns, { gone: null, at: 1700000000000, body: '你好 🌸' });
    expect(fromPostgres).toBe(fromSqlite);
    expect(fromSqlite).toBe('{"at":1700000000000,"body":"你好 🌸","gone":null}');
  });

  it('refuses a non-numeric value in an integer column', () => {
    expect(() => canonicalJson(columns, { at: 'soon', body: '', gone: null })).toThrow(/column at holds soon/);
  });
});
