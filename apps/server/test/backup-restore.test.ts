import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { HistoryPage, Message, MemberList, Room, RoomList } from '@parley/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { api, createRoom, registerUser } from './helpers/api.js';
import type { Account } from './helpers/bodies.js';
import { join } from './helpers/cast.js';
import { captureIo } from './helpers/cli.js';
import { DIALECTS, type DialectUnderTest, type ScratchDatabase } from './helpers/dialects.js';
import { startServer } from './helpers/start-server.js';
import { download, sha256, textBytes, uploaded } from './helpers/uploads.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// `parley backup` while three clients write and uploads arrive, then `parley restore` into an
// empty target: the restored history is the original's as of one instant, in every room at once.

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(joinPath(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs one `parley` command line in-process against `dataDir` + `databaseUrl`, as an operator would. */
async function parley(argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(env, tempDir('parley-cwd-')); // no config/config.yaml there: settings come from env only
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

async function fullHistory(url: string, token: string, roomId: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const after = all.at(-1)?.seq ?? 0;
    const page = await api<HistoryPage>(url, 'GET', `/api/rooms/${roomId}/messages?after=${after}&limit=100`, { token });
    expect(page.status).toBe(200);
    all.push(...page.body.messages);
    if (page.body.messages.length < 100) return all;
  }
}

/** Everything the users can read: room lists, every room's whole history and members. */
async function state(url: string, accounts: Account[]) {
  const out: Record<string, unknown> = {};
  for (const a of accounts) {
    const list = await api<RoomList>(url, 'GET', '/api/rooms', { token: a.accessToken });
    const rooms = list.body.rooms.map(({ onlineCount: _o, ...r }) => r).sort((x, y) => x.id.localeCompare(y.id));
    const details: Record<string, unknown> = {};
    for (const r of rooms) {
      const members = await api<MemberList>(url, 'GET', `/api/rooms/${r.id}/members`, { token: a.accessToken });
      details[r.id] = { messages: await fullHistory(url, a.accessToken, r.id), members: members.body.members.map(({ online: _o, ...m }) => m) };
    }
    out[a.user.username] = { rooms, details };
  }
  return out;
}

interface Sent {
  roomId: string;
  id: string;
  clientMsgId: string;
  fileSha?: string;
}

/** One client sending without pause (each send waits for its ack), alternating rooms; every third send posts a fresh upload. */
async function writeLoad(url: string, ws: TestClient, account: Account, rooms: Room[], stop: () => boolean, sent: Sent[]) {
  for (let i = 0; !stop(); i++) {
    const roomId = rooms[i % rooms.length]!.id;
    const clientMsgId = `${account.user.username}-${i}`;
    let fields: Record<string, unknown> = { body: `message ${i} from ${account.user.username} 你好 🎉` };
    let fileSha: string | undefined;
    if (i % 3 === 2) {
      const bytes = textBytes(`upload ${i} of ${account.user.username}\n`);
      fileSha = sha256(bytes);
      fields = { kind: 'file', attachmentIds: [(await uploaded(url, account.accessToken, bytes, `f${i}.txt`)).id] };
    }
    const ack = await ws.request({ type: 'message.send', roomId, clientMsgId, ...fields });
    if (ack.type !== 'message.acked') throw new Error(`send refused: ${JSON.stringify(ack)}`);
    sent.push({ roomId, id: ack.id, clientMsgId, ...(fileSha && { fileSha }) });
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const serverFor = async (db: ScratchDatabase, dataDir: string) => {
  // Sends as fast as acks come back: the per-socket budget would otherwise refuse the load.
  const server = await startServer({ dataDir, databaseUrl: db.url, ws: { sendRatePerSecond: 10_000, sendBurst: 100_000 } });
  cleanups.push(() => server.close());
  return server;
};

async function scratch(dialect: DialectUnderTest): Promise<ScratchDatabase> {
  const db = await dialect.create();
  cleanups.push(() => db.drop());
  return db;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`backup and restore on ${dialect.name}`, () => {
    it('restores a backup taken under a write load to the history as of one instant, in every room, uploads included', async () => {
      const sourceDb = await scratch(dialect);
      const sourceDir = tempDir('parley-src-');
      const source = await serverFor(sourceDb, sourceDir);
      const env = { PARLEY_DATA_DIR: sourceDir, PARLEY_DATABASE_URL: sourceDb.url };
      const accounts = await Promise.all(['ann', 'ben', 'cai'].map((p) => registerUser(source.url, p)));
      const rooms = [await createRoom(source.url, accounts[0]!.accessToken, { name: 'general' }), await createRoom(source.url, accounts[0]!.accessToken, { name: 'random' })];
      for (const a of accounts.slice(1)) for (const r of rooms) expect((await join(source.url, a.accessToken, r.id)).status).toBe(200);
      const sockets = await Promise.all(accounts.map((a) => connect(source.wsUrl, a.accessToken)));
      cleanups.push(() => Promise.all(sockets.map((s) => s.close())).then(() => undefined));

      let stopped = false;
      const sent: Sent[][] = accounts.map(() => []);
      const total = () => sent.reduce((n, s) => n + s.length, 0);
      const load = Promise.all(accounts.map((a, i) => writeLoad(source.url, sockets[i]!, a, rooms, () => stopped, sent[i]!)));
      cleanups.push(() => {
        stopped = true;
        return load.then(() => undefined, () => undefined);
      });
      load.catch(() => (stopped = true)); // a refused send fails the test at `await load`, not as an unhandled rejection
      await until(() => total() >= 30, '30 messages before the backup');
      const archive = joinPath(tempDir('parley-archive-'), 'parley.tar.gz');
      const before = total();
      const backup = await parley(['backup', archive], env);
      const during = total() - before;
      await until(() => total() >= before + during + 30, '30 more messages after the backup');
      stopped = true;
      await load;

      expect(backup).toMatchObject({ code: 0, stdout: expect.stringMatching(/^backup written: .*parley\.tar\.gz/) });
      expect(during).toBeGreaterThan(0); // the server kept writing while the backup ran

      const targetDb = await scratch(dialect);
      const targetDir = joinPath(tempDir('parley-dst-'), 'data');
      const restore = await parley(['restore', archive, '--data-dir', targetDir, '--database-url', targetDb.url], {});
      // mysqldump cannot share its snapshot with a count, so MySQL backups record none to match.
      const counted = dialect.name === 'mysql' ? expect.not.stringMatching(/counts match/) : expect.stringMatching(/counts match the backup/);
      expect(restore).toMatchObject({ code: 0, stdout: counted });
      const restored = await serverFor(targetDb, targetDir);

      let restoredCount = 0;
      let filesChecked = 0;
      for (const r of rooms) {
        const original = await fullHistory(source.url, accounts[0]!.accessToken, r.id);
        const copy = await fullHistory(restored.url, accounts[0]!.accessToken, r.id);
        expect(copy.length).toBeGreaterThan(0);
        expect(copy.length).toBeLessThan(original.length); // the load went on after the snapshot
        expect(copy).toEqual(original.slice(0, copy.length)); // same ids, seqs, bodies, no gap
        restoredCount += copy.length;
        for (const m of copy.filter((m) => m.kind === 'file')) {
          const attachment = m.attachments?.[0];
          const res = await download(restored.url, `/api/attachments/${attachment?.id}`, accounts[0]!.accessToken);
          expect(res.status).toBe(200); // no restored message points at a missing upload
          expect(sha256(res.bytes)).toBe(attachment?.sha256);
          filesChecked++;
        }
      }
      // One instant across rooms: each client sent one message at a time, so what survives of its
      // sends, in whatever room, is a prefix of the order it sent them in.
      const ids = new Set<string>();
      for (const r of rooms) for (const m of await fullHistory(restored.url, accounts[0]!.accessToken, r.id)) ids.add(m.id);
      for (const mine of sent) {
        const kept = mine.filter((s) => ids.has(s.id)).length;
        expect(mine.slice(0, kept).every((s) => ids.has(s.id))).toBe(true);
        expect(kept).toBeGreaterThan(0);
      }
      expect(restoredCount).toBeGreaterThan(0);
      expect(filesChecked).toBeGreaterThan(0);

      // Quiet now: a second backup restores to byte-for-byte the same API answers.
      const quietArchive = joinPath(tempDir('parley-archive-'), 'quiet.tar.gz');
      expect((await parley(['backup', quietArchive], env)).code).toBe(0);
      const quietDb = await scratch(dialect);
      const quietDir = joinPath(tempDir('parley-dst-'), 'data');
      expect((await parley(['restore', quietArchive, '--data-dir', quietDir, '--database-url', quietDb.url], {})).code).toBe(0);
      const quiet = await serverFor(quietDb, quietDir);
      expect(await state(quiet.url, accounts)).toEqual(await state(source.url, accounts));
    }, 180_000); // three servers, two backups and restores, and a write load
  });
}
