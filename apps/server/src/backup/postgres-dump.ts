import pg from 'pg';
import { runTool } from './run-tool.js';
import { LATEST_MIGRATION_SQL, MIGRATION_TABLE, REFERENCED_BLOBS_SQL, quoteIdent, type SnapshotFacts } from './snapshot-queries.js';

/** libpq settings a postgres:// URL may carry in its query string, and the variable each maps to. */
const QUERY_ENV: Record<string, string> = {
  host: 'PGHOST',
  port: 'PGPORT',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  application_name: 'PGAPPNAME',
};

/**
 * The libpq environment for a postgres:// URL. pg_dump and pg_restore get the connection this way
 * because their command line is visible to every local user in `ps`, the password included.
 */
export function libpqEnv(url: string): Record<string, string> {
  // `postgres://user@/db?host=/run/postgresql` (a socket folder) has no host, which URL cannot parse.
  const noHost = /^[a-z]+:\/\/([^/@]*@)?\//i.test(url);
  const u = new URL(noHost ? url.replace(/^([a-z]+:\/\/(?:[^/@]*@)?)\//i, '$1localhost/') : url);
  const env: Record<string, string> = {};
  if (u.hostname && !noHost) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  for (const [key, value] of u.searchParams) {
    const name = QUERY_ENV[key];
    if (!name) throw new Error(`the database URL's option "${key}" is not one parley backup can pass to pg_dump; use PG* variables instead`);
    env[name] = value;
  }
  return env;
}

/** The target database name, for pg_restore's --dbname (a bare name: no credentials on the command line). */
function databaseName(url: string): string {
  const name = libpqEnv(url).PGDATABASE;
  if (!name) throw new Error('the database URL names no database');
  return name;
}

async function tableCounts(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1",
  );
  const tables: Record<string, number> = {};
  for (const { name } of rows) {
    const count = await client.query<{ n: string }>(`select count(*) as n from ${quoteIdent(name)}`);
    tables[name] = Number(count.rows[0]!.n); // count(*) always returns one row
  }
  return tables;
}

async function facts(client: pg.Client): Promise<SnapshotFacts> {
  const tables = await tableCounts(client);
  const migration = MIGRATION_TABLE in tables ? ((await client.query<{ name: string }>(LATEST_MIGRATION_SQL)).rows[0]?.name ?? null) : null;
  const referencedBlobs = new Set('attachments' in tables ? (await client.query<{ h: string }>(REFERENCED_BLOBS_SQL)).rows.map((r) => r.h) : []);
  return { tables, migration, referencedBlobs };
}

/**
 * Dumps the database with `pg_dump --format=custom` into `dest`. The counts and blob list come from
 * the very snapshot pg_dump reads: we open a repeatable-read transaction, export its snapshot, and
 * hand it to pg_dump with --snapshot, so the manifest describes the dump exactly, under any load.
 */
export async function dumpPostgres(url: string, dest: string): Promise<SnapshotFacts> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 8000 });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const snapshot = rows[0]!.id; // the function always returns one row
    const result = await facts(client);
    await runTool('pg_dump', ['--format=custom', '--no-owner', `--snapshot=${snapshot}`, `--file=${dest}`], { env: libpqEnv(url) });
    await client.query('commit');
    return result;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Tables in the target's schema; restore only writes into a database that has none. */
export async function countPostgresTables(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 8000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Restores a custom-format dump into the (empty) database at `url`, in one transaction, then reads what it holds. */
export async function restorePostgres(url: string, dumpFile: string): Promise<SnapshotFacts> {
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${databaseName(url)}`, dumpFile], {
    env: libpqEnv(url),
  });
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 8000 });
  await client.connect();
  try {
    return await facts(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** What an operator runs by hand when pg_dump is not installed here. */
export function manualPostgresCommands(displayUrl: string): string {
  return [
    'pg_dump and pg_restore (PostgreSQL client tools, same major version as the server) are not on PATH.',
    'Install them (Debian/Ubuntu: apt-get install postgresql-client) and run parley backup again, or back up by hand:',
    `  PGPASSWORD=… pg_dump --format=custom --no-owner --file=parley.pgdump '${displayUrl}'`,
    '  and copy <dataDir>/blobs and <dataDir>/jwt-secret after the dump finishes.',
    'Restore by hand into an empty database:',
    '  PGPASSWORD=… pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname=<db> parley.pgdump',
  ].join('\n');
}
