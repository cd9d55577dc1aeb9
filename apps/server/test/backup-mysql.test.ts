import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackup } from '../src/backup/create-backup.js';
import { restoreBackup } from '../src/backup/restore-backup.js';
import { blobPath, sha256 } from './helpers/uploads.js';

// The MySQL/MariaDB wrapper (mysqldump / mysql) on its own, on a hand-made schema: utf8mb4 text,
// uploads and the empty-target rule. A Parley server on MySQL under load is in backup-restore.test.ts.

const MYSQL_URL = process.env.PARLEY_TEST_MYSQL_URL ?? 'mysql://parley:parley@127.0.0.1:3306/parley_test';

async function reachable(): Promise<boolean> {
  try {
    const c = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 2000 });
    await c.end();
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`MySQL/MariaDB is required under CI=true but ${MYSQL_URL} is unreachable`);
    process.stderr.write(`\n!!! MySQL/MariaDB unreachable at ${MYSQL_URL}: SKIPPING the mysql backup tests !!!\n\n`);
    return false;
  }
}

const available = await reachable();
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function scratchDb(): Promise<string> {
  const name = `parley_b_${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  cleanups.push(async () => {
    const c = await mysql.createConnection({ uri: MYSQL_URL });
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
    await c.end();
  });
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function rows(url: string, query: string): Promise<unknown[]> {
  const c = await mysql.createConnection({ uri: url });
  try {
    return (await c.query(query))[0] as unknown[];
  } finally {
    await c.end();
  }
}

describe.skipIf(!available)('backup and restore on MySQL/MariaDB', () => {
  it('round-trips the database through mysqldump in utf8mb4, uploads included, into an empty database only', async () => {
    const source = await scratchDb();
    const c = await mysql.createConnection({ uri: source });
    await c.query('create table kysely_migration (name varchar(255) primary key, timestamp varchar(255)) character set utf8mb4 collate utf8mb4_bin');
    await c.query("insert into kysely_migration values ('0001_create_core_tables', 'then')");
    await c.query('create table users (id varchar(36) primary key, display_name text, avatar_small char(64), avatar_large char(64)) character set utf8mb4 collate utf8mb4_bin');
    await c.query('create table attachments (id varchar(36) primary key, sha256 char(64) not null, thumb_sha256 char(64)) character set utf8mb4 collate utf8mb4_bin');
    const bytes = Buffer.from('会议纪要 🎉\n');
    const hash = sha256(bytes);
    await c.query("insert into users values ('u1', '王小明 🎉', null, null)");
    await c.query("insert into attachments values ('a1', ?, null)", [hash]);
    await c.end();
    const dataDir = temp('parley-my-src-');
    mkdirSync(join(dataDir, 'blobs', blobPath(hash), '..'), { recursive: true });
    writeFileSync(join(dataDir, 'blobs', blobPath(hash)), bytes);

    const dest = join(temp('parley-my-archive-'), 'my.tar.gz');
    const { manifest } = await createBackup({ databaseUrl: source, dataDir, dest, includeUploads: true, force: false, parleyVersion: '0.0.0-test' });
    expect(manifest).toMatchObject({ dialect: 'mysql', migration: '0001_create_core_tables', tables: null, includesJwtSecret: false });
    expect(manifest.files[`blobs/${blobPath(hash)}`]).toEqual({ size: bytes.length, sha256: hash });

    const target = await scratchDb();
    const targetDir = join(temp('parley-my-dst-'), 'data');
    // mariadb:// names the same server; the tools and the driver get it as mysql://.
    const restored = await restoreBackup({ archive: dest, databaseUrl: target.replace(/^mysql:/, 'mariadb:'), dataDir: targetDir, displayUrl: 'mysql://target' });
    expect(restored.tables).toEqual({ attachments: 1, kysely_migration: 1, users: 1 });
    expect(await rows(target, 'select id, display_name from users')).toEqual([{ id: 'u1', display_name: '王小明 🎉' }]);
    expect(readFileSync(join(targetDir, 'blobs', blobPath(hash)))).toEqual(bytes);

    await expect(restoreBackup({ archive: dest, databaseUrl: target, dataDir: temp('parley-my-dst-'), displayUrl: 'mysql://target' })).rejects.toThrow(
      'the database mysql://target already has 3 table(s); restore only into an empty database',
    );
  });
});
