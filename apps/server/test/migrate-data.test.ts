import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import type { Attachment, HistoryPage, RoomList } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/cli/cli-error.js';
import { runCli } from '../src/cli/run.js';
import { createDialect } from '../src/storage/dialect.js';
import { api } from './helpers/api.js';
import { captureIo } from './helpers/cli.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { apiView, populate, type Population } from './helpers/populated-instance.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

// SQLite → PostgreSQL → SQLite through `parley migrate-data`, judged by the API: every user sees
// the same rooms, full histories, members, pins, edits, search results and audit log before and after.
// Every server engine available here (PostgreSQL, and MySQL/MariaDB where the dialect exists).
const ENGINES = DIALECTS.filter((d) => d.name !== 'sqlite');

async function migrate(...args: string[]) {
  const io = captureIo({}, process.cwd());
  const code = await runCli(['migrate-data', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Runs one statement against a database directly, to tamper with a copy. */
async function execute(url: string, statement: string): Promise<void> {
  const db = new Kysely<Record<string, never>>({ dialect: (await createDialect(url)).dialect });
  try {
    await sql.raw(statement).execute(db);
  } finally {
    await db.destroy();
  }
}

describe.each(ENGINES)('parley migrate-data between SQLite and $name', (engine) => {
  let dir: string;
  let sqliteUrl: string;
  let backUrl: string;
  let pg: ScratchDatabase;
  let server: TestServer | undefined;
  let population: Population;
  let before: unknown;

  beforeAll(async () => {
    if (!engine.available) return;
    dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
    sqliteUrl = `sqlite:${join(dir, 'parley.db')}`;
    backUrl = `sqlite:${join(dir, 'back', 'parley.db')}`;
    pg = await engine.create();
    server = await startServer({ dataDir: dir, databaseUrl: sqliteUrl });
    population = await populate(server.url, server.wsUrl);
    before = await apiView(server.url, population);
    // The comparison is only as good as what it covers: search and the admin audit log answer with rows.
    const alice = (before as Record<string, { search: Record<string, { results: unknown[] }>; adminAudit: { entries: unknown[] } }>).user0!;
    expect(alice.search['数据库']!.results.length).toBeGreaterThan(0);
    expect(alice.search['六点']!.results.length).toBeGreaterThan(0);
    expect(alice.adminAudit.entries.length).toBeGreaterThan(3);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await pg?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!engine.available)('refuses a source that a running server has open, unless --allow-live', async () => {
    const res = await migrate('--from', sqliteUrl, '--to', pg.url);
    expect(res.code).toBe(ExitCode.failed);
    expect(res.stderr).toMatch(/the source looks in use: .*parley\.db-wal.*--allow-live/s);
    const live = await migrate('--from', sqliteUrl, '--to', `sqlite:${join(dir, 'live', 'parley.db')}`, '--allow-live');
    expect(live.code, live.stderr).toBe(ExitCode.ok);
    expect(live.stderr).toMatch(/warning: the source looks in use/);
    await server!.close();
    server = undefined;
  });

  it.skipIf(!engine.available)('copies a populated SQLite instance into it, verified, with identical API answers', async () => {
    const res = await migrate('--from', sqliteUrl, '--to', pg.url, '--batch-size', '7');
    expect(res.stderr).not.toMatch(/FAILED|warning/);
    expect(res.code, res.stderr).toBe(ExitCode.ok);
    for (const table of ['users', 'sessions', 'access_tokens', 'rooms', 'room_members', 'messages', 'message_edits', 'message_reactions', 'message_mentions', 'attachments', 'audit_log', 'webhooks', 'room_bans', 'room_invites', 'refresh_tokens', 'instance_settings']) {
      expect(res.stdout).toMatch(new RegExp(`^${table}\\s+(\\d+)\\s+\\1\\s+([0-9a-f]{16})\\s+\\2\\s+ok$`, 'm'));
    }
    expect(res.stdout).not.toMatch(/MISMATCH/);
    expect(res.stdout).toMatch(/copied and verified \d+ rows/);
    expect(res.stdout).toContain(`${dir}/blobs`);

    server = await startServer({ dataDir: dir, databaseUrl: pg.url });
    expect(await apiView(server.url, population)).toEqual(before);
    await expectCredentialsWork(server.url, population);
    // Room counters were copied as they were: the next message takes the next seq.
    await expectNextSeq(server, population);
    before = await apiView(server.url, population);
    await server.close();
    server = undefined;
  }, 60_000);

  it.skipIf(!engine.available)('copies it back into a fresh SQLite file with identical API answers', async () => {
    const res = await migrate('--from', pg.url, '--to', backUrl);
    expect(res.code, res.stderr).toBe(ExitCode.ok);
    expect(res.stdout).not.toMatch(/MISMATCH/);
    server = await startServer({ dataDir: dir, databaseUrl: backUrl });
    expect(await apiView(server.url, population)).toEqual(before);
    await expectCredentialsWork(server.url, population);
    await server.close();
    server = undefined;
  }, 60_000);

  it.skipIf(!engine.available)('refuses to copy into a database that already holds rows', async () => {
    const res = await migrate('--from', backUrl, '--to', pg.url);
    expect(res.code).toBe(ExitCode.failed);
    expect(res.stderr).toMatch(/the target is not empty \(table users has rows\)/);
  });

  it.skipIf(!engine.available)('--restart --yes wipes what the target holds and copies again', async () => {
    // The logins on the servers above added sessions to the copy, so it differs from the source now.
    const stale = await migrate('--from', sqliteUrl, '--to', backUrl, '--verify-only');
    expect(stale.code).toBe(ExitCode.failed);
    expect(stale.stderr).toMatch(/verification FAILED for .*sessions/);
    const refused = await migrate('--from', sqliteUrl, '--to', backUrl, '--restart');
    expect(refused.code).toBe(ExitCode.usage);
    expect(refused.stderr).toMatch(/add --yes to confirm/);
    const res = await migrate('--from', sqliteUrl, '--to', backUrl, '--restart', '--yes');
    expect(res.code, res.stderr).toBe(ExitCode.ok);
    expect(res.stdout).not.toMatch(/MISMATCH/);
  }, 30_000);

  it.skipIf(!engine.available)('--verify-only passes on equal copies and names the table that differs', async () => {
    const same = await migrate('--from', sqliteUrl, '--to', backUrl, '--verify-only');
    expect(same.code, same.stderr).toBe(ExitCode.ok);
    expect(same.stdout).toMatch(/^messages\s.*\sok$/m);
    await execute(backUrl, "update messages set body = 'tampered' where body like 'deploy at six%'");
    const differs = await migrate('--from', sqliteUrl, '--to', backUrl, '--verify-only');
    expect(differs.code).toBe(ExitCode.failed);
    expect(differs.stdout).toMatch(/^messages\s.*\sMISMATCH$/m);
    expect(differs.stdout).toMatch(/^users\s.*\sok$/m);
    expect(differs.stderr).toMatch(/verification FAILED for messages\n/);
  });

});

/** The old password logs in, the personal access token works, and an uploaded file still downloads. */
async function expectCredentialsWork(url: string, population: Population): Promise<void> {
  const alice = population.users[0]!;
  const login = await api(url, 'POST', '/api/auth/login', { body: { username: alice.user.username, password: alice.password } });
  expect(login.status).toBe(200);
  const me = await api<{ id: string }>(url, 'GET', '/api/me', { token: population.pat });
  expect(me).toMatchObject({ status: 200, body: { id: alice.user.id } });
  const rooms = await api<RoomList>(url, 'GET', '/api/rooms', { token: alice.accessToken });
  const hall = rooms.body.rooms.find((r) => r.name === '大厅 🏮')!;
  const history = await api<HistoryPage>(url, 'GET', `/api/rooms/${hall.id}/messages?after=0&limit=100`, { token: alice.accessToken });
  const image = history.body.messages.flatMap((m) => (m.attachments ?? []) as Attachment[]).find((a) => a.kind === 'image')!;
  const download = await fetch(`${url}/api/attachments/${image.id}`, { headers: { authorization: `Bearer ${alice.accessToken}` } });
  expect(download.status).toBe(200);
  expect((await download.arrayBuffer()).byteLength).toBe(image.size);
}

/** Alice's next message in the hall gets the seq after the copied `lastSeq`. */
async function expectNextSeq(server: TestServer, population: Population): Promise<void> {
  const alice = population.users[0]!;
  const rooms = await api<RoomList>(server.url, 'GET', '/api/rooms', { token: alice.accessToken });
  const hall = rooms.body.rooms.find((r) => r.name === '大厅 🏮')!;
  const client = await connect(server.wsUrl, alice.accessToken, [{ roomId: hall.id }]);
  try {
    const ack = await client.request({ type: 'message.send', roomId: hall.id, clientMsgId: 'after-migration', body: 'after the move 搬家后' });
    expect(ack).toMatchObject({ type: 'message.acked', seq: hall.lastSeq + 1 });
  } finally {
    await client.close();
  }
}

describe('parley migrate-data arguments', () => {
  it('refuses the same database as source and target', async () => {
    const res = await migrate('--from', 'sqlite:/tmp/x/parley.db', '--to', 'sqlite:/tmp/x/../x/parley.db');
    expect(res).toEqual({ code: ExitCode.usage, stdout: '', stderr: expect.stringMatching(/--from and --to name the same database/) });
  });

  it('refuses a missing SQLite source instead of creating an empty one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-migrate-args-'));
    try {
      const res = await migrate('--from', `sqlite:${join(dir, 'nope.db')}`, '--to', `sqlite:${join(dir, 'to.db')}`);
      expect(res.code).toBe(ExitCode.failed);
      expect(res.stderr).toMatch(/cannot open the source database .*nope\.db: no SQLite database at/);
      expect(existsSync(join(dir, 'nope.db'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a missing or malformed option, never printing a password', async () => {
    expect((await migrate('--to', 'sqlite:a.db')).stderr).toMatch(/missing --from <url>/);
    const bad = await migrate('--from', 'ftp://user:hunter2@host/db', '--to', 'sqlite:a.db');
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.stderr).toMatch(/--from must be a database URL starting with sqlite:/);
    expect(bad.stderr).not.toContain('hunter2');
    expect((await migrate('--from', 'sqlite:a.db', '--to', 'sqlite:b.db', '--batch-size', '0')).stderr).toMatch(/--batch-size must be a whole number/);
  });

  it('hides the password of an unreachable database', async () => {
    const res = await migrate('--from', 'postgres://parley:hunter2@127.0.0.1:1/nowhere', '--to', 'sqlite:/tmp/never.db');
    expect(res.code).toBe(ExitCode.failed);
    expect(res.stderr).toMatch(/cannot open the source database postgres:\/\/parley:\*\*\*@127\.0\.0\.1:1\/nowhere: /);
    expect(res.stderr).not.toContain('hunter2');
  });
});
