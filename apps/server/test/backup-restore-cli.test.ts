import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../src/backup/manifest.js';
import { createRoom, registerUser } from './helpers/api.js';
import { cliWorkspace, type CliWorkspace } from './helpers/cli.js';
import { DIALECTS } from './helpers/dialects.js';
import { startServer } from './helpers/start-server.js';
import { blobPath, sha256, textBytes, uploaded } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

// What `parley backup` writes and every way `parley restore` refuses an archive or a target.

let ws: CliWorkspace;
let archive: string;
let fileSha: string;
const scratchDirs: string[] = [];
const postgres = DIALECTS.find((d) => d.name === 'postgres');

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  ws = cliWorkspace();
  const server = await startServer({ dataDir: ws.dataDir, databaseUrl: `sqlite:${join(ws.dataDir, 'parley.db')}` });
  try {
    const ann = await registerUser(server.url, 'ann');
    const room = await createRoom(server.url, ann.accessToken, { name: 'general' });
    const bytes = textBytes('the minutes\n');
    fileSha = sha256(bytes);
    const attachment = await uploaded(server.url, ann.accessToken, bytes, 'minutes.txt');
    const socket = await connect(server.wsUrl, ann.accessToken);
    await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'c1', kind: 'file', attachmentIds: [attachment.id] });
    await socket.close();
    archive = join(temp('parley-archive-'), 'parley.tar.gz');
    const result = await ws.run(['backup', archive]);
    expect(result).toMatchObject({ code: 0, stderr: expect.stringContaining('parley backup: snapshotting the sqlite database') });
  } finally {
    await server.close();
  }
});
afterAll(() => {
  ws?.remove();
  for (const d of scratchDirs) rmSync(d, { recursive: true, force: true });
});

async function members(file: string): Promise<Array<{ path: string; type: string }>> {
  const out: Array<{ path: string; type: string }> = [];
  await tar.t({ file, onReadEntry: (e) => void out.push({ path: e.path, type: e.type }) });
  return out;
}

/** Unpacks the good archive, lets `change` alter the tree, and packs it again in the same member order. */
async function repacked(change: (dir: string) => void): Promise<string> {
  const dir = temp('parley-repack-');
  await tar.x({ file: archive, cwd: dir });
  const order = (await members(archive)).map((m) => m.path);
  change(dir);
  const extra = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .filter((p) => !order.includes(p));
  const out = join(temp('parley-archive-'), 'altered.tar.gz');
  await tar.c({ gzip: true, cwd: dir, file: out, portable: true }, [...order, ...extra]);
  return out;
}

const flipByte = (file: string, at = 100) => {
  const bytes = readFileSync(file);
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(file, bytes);
};

const manifestOf = async (file: string): Promise<Manifest> => {
  const dir = temp('parley-manifest-');
  await tar.x({ file, cwd: dir, filter: (p) => p === 'manifest.json' });
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
};

describe('parley backup', () => {
  it('writes a 0600 archive, manifest first, listing the database, the secret and every upload with its SHA-256', async () => {
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(archive, '..'))).toEqual(['parley.tar.gz']); // no .partial, no staging folder left
    const list = await members(archive);
    expect(list[0]).toEqual({ path: 'manifest.json', type: 'File' });
    expect(list.map((m) => m.path).slice(1, 3)).toEqual(['database/parley.db', 'jwt-secret']);
    const manifest = await manifestOf(archive);
    expect(manifest).toMatchObject({
      format: 'parley-backup',
      formatVersion: 1,
      dialect: 'sqlite',
      migration: expect.stringMatching(/^\d{4}_/),
      includesUploads: true,
      includesJwtSecret: true,
      missingBlobs: [],
    });
    expect(manifest.tables).toMatchObject({ users: 1, rooms: 1, messages: 2, attachments: 1 });
    expect(manifest.files[`blobs/${blobPath(fileSha)}`]).toEqual({ size: 12, sha256: fileSha });
    expect(Object.keys(manifest.files).sort()).toEqual(list.slice(1).map((m) => m.path).sort());
  });

  it('refuses to overwrite an existing file unless --force is given', async () => {
    const dest = join(temp('parley-archive-'), 'twice.tar.gz');
    writeFileSync(dest, 'keep me');
    expect(await ws.run(['backup', dest])).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining('already exists; pass --force to overwrite it') });
    expect(readFileSync(dest, 'utf8')).toBe('keep me');
    expect((await ws.run(['backup', dest, '--force'])).code).toBe(0);
    expect((await manifestOf(dest)).dialect).toBe('sqlite');
  });

  it('leaves the uploads out with --no-uploads', async () => {
    const dest = join(temp('parley-archive-'), 'lean.tar.gz');
    expect((await ws.run(['backup', dest, '--no-uploads'])).code).toBe(0);
    expect((await members(dest)).some((m) => m.path.startsWith('blobs/'))).toBe(false);
    expect(await manifestOf(dest)).toMatchObject({ includesUploads: false });
  });

  it('asks for the archive name with a usage error (exit 2)', async () => {
    expect(await ws.run(['backup'])).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('parley backup: missing <file>') });
  });

  it('says there is no database rather than creating an empty one', async () => {
    const empty = cliWorkspace();
    try {
      const result = await empty.run(['backup', join(empty.cwd, 'x.tar.gz')]);
      expect(result).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining('there is no database at') });
      expect(existsSync(join(empty.dataDir, 'parley.db'))).toBe(false);
    } finally {
      empty.remove();
    }
  });
});

describe('parley restore', () => {
  it('restores into a new data dir: a 0600 database, uploads and a 0600 jwt-secret', async () => {
    const target = join(temp('parley-dst-'), 'data');
    const result = await ws.run(['restore', archive, '--data-dir', target]);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('1 users, 1 rooms, 2 messages, counts match the backup') });
    expect(readFileSync(join(target, 'blobs', blobPath(fileSha)), 'utf8')).toBe('the minutes\n');
    expect(statSync(join(target, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(statSync(join(target, 'parley.db')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(target, '..'))).toEqual(['data']); // the staging folder is gone
  });

  it('refuses a data dir that is not empty and leaves it as it was', async () => {
    const target = temp('parley-dst-');
    writeFileSync(join(target, 'parley.db'), 'live data');
    expect(await ws.run(['restore', archive, '--data-dir', target])).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining(`the data dir ${target} is not empty (parley.db)`) });
    expect(readdirSync(target)).toEqual(['parley.db']);
    expect(readFileSync(join(target, 'parley.db'), 'utf8')).toBe('live data');
  });

  it('refuses a --database-url of an unknown kind with a usage error (exit 2)', async () => {
    expect(await ws.run(['restore', archive, '--database-url', 'oracle://db/x'])).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('--database-url must start with sqlite:, postgres://, or mysql://'),
    });
  });

  it('refuses an archive that does not exist', async () => {
    const missing = join(temp('parley-archive-'), 'nope.tar.gz');
    expect(await ws.run(['restore', missing, '--data-dir', join(temp('parley-dst-'), 'data')])).toEqual({ code: 1, stdout: '', stderr: `parley restore: ${missing} does not exist\n` });
  });

  it.each([['database/parley.db'], ['blobs']])('names %s when its checksum does not match, and writes nothing', async (member) => {
    const altered = await repacked((dir) => flipByte(member === 'blobs' ? join(dir, 'blobs', blobPath(fileSha)) : join(dir, member), member === 'blobs' ? 3 : 100));
    const target = join(temp('parley-dst-'), 'data');
    const result = await ws.run(['restore', altered, '--data-dir', target]);
    const name = member === 'blobs' ? `blobs/${blobPath(fileSha)}` : member;
    expect(result).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining(`checksum mismatch for ${name}`) });
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a damaged archive file', async () => {
    const damaged = join(temp('parley-archive-'), 'damaged.tar.gz');
    writeFileSync(damaged, readFileSync(archive));
    flipByte(damaged, Math.floor(statSync(damaged).size / 2));
    const target = join(temp('parley-dst-'), 'data');
    expect(await ws.run(['restore', damaged, '--data-dir', target])).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/is damaged or not a Parley backup|checksum mismatch/) });
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a member the manifest does not list', async () => {
    const extra = `blobs/${blobPath('0'.repeat(64))}`;
    const altered = await repacked((dir) => {
      mkdirSync(join(dir, extra, '..'), { recursive: true });
      writeFileSync(join(dir, extra), 'smuggled');
    });
    expect(await ws.run(['restore', altered, '--data-dir', join(temp('parley-dst-'), 'data')])).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining(`${extra} is not listed in the manifest`),
    });
  });

  it('refuses an archive with a symbolic link and writes nothing outside its folder', async () => {
    const outside = join(temp('parley-outside-'), 'target');
    const altered = await repacked((dir) => {
      rmSync(join(dir, 'jwt-secret'));
      symlinkSync(outside, join(dir, 'jwt-secret'));
    });
    const result = await ws.run(['restore', altered, '--data-dir', join(temp('parley-dst-'), 'data')]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining('holds jwt-secret, which no Parley backup contains') });
    expect(existsSync(outside)).toBe(false);
  });

  it('refuses a backup from a newer schema than this Parley knows', async () => {
    const altered = await repacked((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, migration: '9999_from_the_future' }));
    });
    const target = join(temp('parley-dst-'), 'data');
    expect(await ws.run(['restore', altered, '--data-dir', target])).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining("the backup's schema (9999_from_the_future) is newer than this Parley knows; upgrade Parley"),
    });
    expect(existsSync(target)).toBe(false);
  });

  describe.skipIf(!postgres?.available)('into PostgreSQL', () => {
    it('sends a SQLite backup to migrate-data instead of restoring it into PostgreSQL', async () => {
      const db = await postgres!.create();
      try {
        const result = await ws.run(['restore', archive, '--data-dir', join(temp('parley-dst-'), 'data'), '--database-url', db.url]);
        expect(result).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining('then run parley migrate-data --from sqlite:<file> --to <url>') });
      } finally {
        await db.drop();
      }
    });

    it('refuses a database that already has tables', async () => {
      const db = await postgres!.create();
      try {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        await client.query('create table keep_me (id int)');
        await client.end();
        const result = await ws.run(['restore', archive, '--data-dir', join(temp('parley-dst-'), 'data'), '--database-url', db.url]);
        expect(result).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/the database postgres:\/\/postgres:\*\*\*@.* already has 1 table\(s\); restore only into an empty database/) });
      } finally {
        await db.drop();
      }
    });

    it('prints the pg_dump command to run by hand when pg_dump is not installed', async () => {
      const db = await postgres!.create();
      const path = process.env.PATH;
      try {
        const server = await startServer({ databaseUrl: db.url });
        await server.close().catch(() => undefined);
        process.env.PATH = '/nonexistent';
        const result = await ws.run(['backup', join(temp('parley-archive-'), 'pg.tar.gz')], { PARLEY_DATABASE_URL: db.url });
        expect(result).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining('pg_dump --format=custom --no-owner --file=parley.pgdump') });
        expect(result.stderr).not.toContain(':parley@'); // the password is never printed
      } finally {
        process.env.PATH = path;
        await db.drop();
      }
    });
  });
});
