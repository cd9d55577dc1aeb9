import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { runTool } from './run-tool.js';
import { LATEST_MIGRATION_SQL, MIGRATION_TABLE, quoteIdent } from './snapshot-queries.js';

/** `mariadb://` is the same server and protocol; mysql2 reads only `mysql://`. */
function driverUrl(url: string): string {
  return url.replace(/^mariadb:/, 'mysql:');
}

interface MysqlTarget {
  database: string;
  /** An option file for the client tools; mode 0600 and deleted afterwards, so the password is never in `ps`. */
  optionFile: string;
}

function optionText(url: URL): string {
  const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['[client]', `host=${quote(decodeURIComponent(url.hostname) || '127.0.0.1')}`, `port=${url.port || '3306'}`];
  if (url.username) lines.push(`user=${quote(decodeURIComponent(url.username))}`);
  if (url.password) lines.push(`password=${quote(decodeURIComponent(url.password))}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `fn` with a client option file for `url`, removed whatever happens. */
async function withOptionFile<T>(url: string, fn: (target: MysqlTarget) => Promise<T>): Promise<T> {
  const u = new URL(driverUrl(url));
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new Error('the database URL names no database');
  const optionFile = join(tmpdir(), `parley-mysql-${randomUUID()}.cnf`);
  await writeFile(optionFile, optionText(u), { mode: 0o600, flag: 'wx' });
  try {
    return await fn({ database, optionFile });
  } finally {
    await rm(optionFile, { force: true });
  }
}

/**
 * Dumps with `mysqldump --single-transaction` (one consistent InnoDB snapshot, no table locks) in
 * utf8mb4, so Chinese and emoji survive. mysqldump cannot share its snapshot with another
 * connection, so no row counts are recorded for MySQL (the manifest says null).
 */
export async function dumpMysql(url: string, dest: string): Promise<void> {
  await withOptionFile(url, ({ database, optionFile }) =>
    runTool(
      'mysqldump',
      [
        `--defaults-extra-file=${optionFile}`,
        '--single-transaction',
        '--default-character-set=utf8mb4',
        '--hex-blob',
        '--no-tablespaces',
        '--routines',
        '--triggers',
        `--result-file=${dest}`,
        database,
      ],
      { env: {} },
    ),
  );
}

/** Loads a mysqldump script into the (empty) database at `url`. */
export async function restoreMysql(url: string, dumpFile: string): Promise<void> {
  await withOptionFile(url, ({ database, optionFile }) =>
    runTool('mysql', [`--defaults-extra-file=${optionFile}`, '--default-character-set=utf8mb4', database], { env: {}, stdinFile: dumpFile }),
  );
}

/** Row counts and newest migration of the database at `url` (after a restore, to report them). */
export async function inspectMysql(url: string): Promise<{ tables: Record<string, number>; migration: string | null }> {
  const conn = await createConnection({ uri: driverUrl(url), connectTimeout: 8000 });
  try {
    const [rows] = await conn.query<RowDataPacket[]>(
      "select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' order by 1",
    );
    const tables: Record<string, number> = {};
    for (const row of rows) {
      const name = String(row.name);
      const [count] = await conn.query<RowDataPacket[]>(`select count(*) as n from ${quoteIdent(name, '`')}`);
      tables[name] = Number(count[0]!.n); // count(*) always returns one row
    }
    const [latest] = MIGRATION_TABLE in tables ? await conn.query<RowDataPacket[]>(LATEST_MIGRATION_SQL) : [[]];
    return { tables, migration: latest[0] ? String(latest[0].name) : null };
  } finally {
    await conn.end();
  }
}

/** Tables in the target database; restore only writes into one that has none. */
export async function countMysqlTables(url: string): Promise<number> {
  const conn = await createConnection({ uri: driverUrl(url), connectTimeout: 8000 });
  try {
    const [rows] = await conn.query<RowDataPacket[]>('select count(*) as n from information_schema.tables where table_schema = database()');
    return Number(rows[0]!.n);
  } finally {
    await conn.end();
  }
}
