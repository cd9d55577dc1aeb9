import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';

/** Where the PostgreSQL tests connect; .ci/run exports it, and this default matches a local setup. */
export const PG_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres:parley@127.0.0.1:5432/parley_test';

async function isReachable(url: string): Promise<boolean> {
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

const pgAvailable = await isReachable(PG_URL);
if (!pgAvailable) {
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI=true but ${PG_URL} is unreachable`);
  process.stderr.write(`\n!!! PostgreSQL unreachable at ${PG_URL}: SKIPPING the postgres dialect tests !!!\n\n`);
}

/** Where the MySQL/MariaDB tests connect (the user must be allowed to CREATE DATABASE); .ci/run exports it. */
export const MYSQL_URL = process.env.PARLEY_TEST_MYSQL_URL ?? 'mysql://parley:parley@127.0.0.1:3306/parley_test';

async function isMysqlReachable(url: string): Promise<boolean> {
  try {
    const c = await mysql.createConnection({ uri: url, connectTimeout: 2000 });
    await c.query('select 1');
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const mysqlAvailable = await isMysqlReachable(MYSQL_URL);
if (!mysqlAvailable) {
  if (process.env.CI === 'true') throw new Error(`MySQL/MariaDB is required under CI=true but ${MYSQL_URL} is unreachable`);
  process.stderr.write(`\n!!! MySQL/MariaDB unreachable at ${MYSQL_URL}: SKIPPING the mysql dialect tests !!!\n\n`);
}

/** A fresh, empty database of one dialect; `drop` removes it. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface DialectUnderTest {
  name: 'sqlite' | 'postgres' | 'mysql';
  available: boolean;
  create(): Promise<ScratchDatabase>;
}

/** Every dialect Parley supports; tests loop over these (`for (const dialect of DIALECTS)`). */
export const DIALECTS: DialectUnderTest[] = [
  {
    name: 'sqlite',
    available: true,
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'parley-db-'));
      return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    available: pgAvailable,
    async create() {
      const name = `parley_t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(PG_URL);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        async drop() {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  },
  {
    name: 'mysql',
    available: mysqlAvailable,
    async create() {
      const name = `parley_t_${randomBytes(6).toString('hex')}`;
      const admin = await mysql.createConnection({ uri: MYSQL_URL });
      // The database default is only a fallback: Parley creates every table utf8mb4_bin (mysql-query-compiler.ts).
      await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await admin.end();
      const url = new URL(MYSQL_URL);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        async drop() {
          const c = await mysql.createConnection({ uri: MYSQL_URL });
          await c.query(`DROP DATABASE IF EXISTS ${name}`);
          await c.end();
        },
      };
    },
  },
];
