import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/storage/db.js';
import { createDialect } from '../src/storage/dialect.js';
import { StorageUnavailableError } from '../src/storage/errors.js';
import type { Database } from '../src/storage/schema.js';
import { DIALECTS, MYSQL_URL } from './helpers/dialects.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

// What only the MySQL/MariaDB dialect has to get right: the database it accepts, the session it
// runs in, and the tables it creates whatever the database's defaults (ADR 0008).
const dialect = DIALECTS.find((d) => d.name === 'mysql')!;

async function withDatabase(charset: string, fn: (url: string) => Promise<void>): Promise<void> {
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET ${charset}`);
  try {
    const url = new URL(MYSQL_URL);
    url.pathname = `/${name}`;
    await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

describe.skipIf(!dialect.available)('the MySQL/MariaDB dialect', () => {
  it('refuses a database whose default character set is not utf8mb4, naming the fix, and creates nothing', async () => {
    await withDatabase('latin1', async (url) => {
      const name = new URL(url).pathname.slice(1);
      await expect(openStore({ databaseUrl: url, dataDir: '/nonexistent' })).rejects.toThrow(
        `database: ${name} uses character set latin1, Parley needs utf8mb4: run ALTER DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
      );
      const c = await mysql.createConnection({ uri: url });
      const [tables] = await c.query('show tables');
      await c.end();
      expect(tables).toEqual([]);
    });
  });

  it('creates every table InnoDB, utf8mb4, binary collation, even in a utf8mb4_unicode_ci database', async () => {
    const scratch = await dialect.create();
    try {
      const { store } = await openStore({ databaseUrl: scratch.url, dataDir: '/nonexistent' });
      await store.close();
      const c = await mysql.createConnection({ uri: scratch.url });
      const [rows] = await c.query('select table_name as t, engine as e, table_collation as c from information_schema.tables where table_schema = database()');
      await c.end();
      const tables = rows as Array<{ t: string; e: string; c: string }>;
      expect(tables.map((r) => r.t)).toContain('messages');
      expect(tables.filter((r) => r.e !== 'InnoDB' || r.c !== 'utf8mb4_bin')).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });

  it('reports a lost server as StorageUnavailableError, then works again once it is back', async () => {
    const scratch = await dialect.create();
    const target = new URL(scratch.url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 3306));
    await proxy.start();
    const viaProxy = new URL(scratch.url);
    viaProxy.port = String(proxy.port);
    const { store } = await openStore({ databaseUrl: viaProxy.toString(), dataDir: '/nonexistent' });
    try {
      await store.ping();
      await proxy.cut();
      // Pooled connections are dropped (PROTOCOL_CONNECTION_LOST) and new ones refused (ECONNREFUSED).
      await expect(store.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(store.rooms.findById('none')).rejects.toBeInstanceOf(StorageUnavailableError);
      await proxy.restore();
      await store.ping();
      expect(await store.rooms.findById('none')).toBeUndefined();
    } finally {
      await store.close();
      await proxy.cut();
      await scratch.drop();
    }
  });

  it('answers to mariadb:// as to mysql://, in READ COMMITTED with its own sql_mode', async () => {
    const scratch = await dialect.create();
    const db = new Kysely<Database>({ dialect: (await createDialect(scratch.url.replace(/^mysql:/, 'mariadb:'))).dialect });
    try {
      const { rows } = await sql<{ iso: string; mode: string; tz: string }>`select @@tx_isolation as iso, @@sql_mode as mode, @@time_zone as tz`.execute(db);
      const session = rows[0]!;
      expect(session.iso).toBe('READ-COMMITTED');
      expect(session.mode.split(',')).toEqual(expect.arrayContaining(['STRICT_ALL_TABLES', 'ANSI_QUOTES', 'PIPES_AS_CONCAT']));
      // mysql2 escapes bound values with backslashes: this mode would turn them into literal text.
      expect(session.mode).not.toContain('NO_BACKSLASH_ESCAPES');
      expect(session.tz).toBe('+00:00');
      const tricky = `it's \\' a "quote" \\\\ %_ 🍣`;
      const { rows: echoed } = await sql<{ v: string }>`select ${tricky} as v`.execute(db);
      expect(echoed[0]!.v).toBe(tricky);
    } finally {
      await db.destroy();
      await scratch.drop();
    }
  });
});
