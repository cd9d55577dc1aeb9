import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, MessageKind, UserRef } from '@parley/protocol';
import { openStore } from '../src/storage/db.js';
import type { Database } from '../src/storage/schema.js';
import { messagesPerBucketQuery } from '../src/storage/stats-repository.js';
import type { Store } from '../src/storage/types.js';
import { sha256Hex } from '../src/lib/sha256.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

// The dashboard's statistics, the instance settings and the registration reads, on every dialect.
const HOUR = 3_600_000;
const FIVE_MINUTES = 300_000;
/** A Monday 00:00 UTC, so bucket numbers are whole hours from the epoch. */
const BASE = Date.UTC(2026, 0, 12);

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`stats storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    let user: UserRef;
    let roomId: string;

    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
      user = { id: randomUUID(), username: 'stats', displayName: '统计 Stats' };
      await store.users.create({ ...user, bio: '', statusText: '', passwordHash: 'x', createdAt: BASE, avatarSmall: null, avatarLarge: null });
      roomId = randomUUID();
      await store.rooms.create({ id: roomId, name: 'busy', description: '', visibility: 'public', createdAt: BASE, createdBy: user.id });
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    let seq = 0;
    const message = (kind: MessageKind, at: number): Message => ({
      id: randomUUID(), roomId, seq: ++seq, kind, body: kind === 'system' || kind === 'update' ? '' : `at ${at}`,
      event: kind === 'system' ? { type: 'member.joined', user } : null,
      sender: kind === 'system' ? null : user, clientMsgId: null, createdAt: new Date(at).toISOString(),
    });

    it('counts text, image and file messages per hour, never system or update ones, within [from, to)', async () => {
      await store.messages.importMany([
        message('text', BASE - 1), // the hour before the window
        message('text', BASE),
        message('text', BASE + 30 * 60_000),
        message('text', BASE + HOUR - 1),
        message('image', BASE + HOUR),
        message('file', BASE + HOUR + 5),
        message('system', BASE + HOUR + 6),
        message('update', BASE + HOUR + 7),
        message('text', BASE + 5 * HOUR),
        message('text', BASE + 5 * HOUR + 59 * 60_000),
        message('text', BASE + 6 * HOUR), // the first instant after the window
      ]);
      const series = await store.stats.messagesPerBucket(BASE, BASE + 6 * HOUR, HOUR);
      const first = BASE / HOUR;
      expect([...series].sort(([a], [b]) => a - b)).toEqual([[first, 3], [first + 1, 2], [first + 5, 2]]);
    });

    it('ranges over an index of created_at for the per-hour count, never the whole table', async () => {
      expect(await planOf(db.url)).toMatch(/messages_search_order_idx/);
    });

    it('counts users, live rooms (not deleted, not direct) and written messages', async () => {
      const gone = randomUUID();
      await store.rooms.create({ id: gone, name: 'gone', description: '', visibility: 'private', createdAt: BASE, createdBy: user.id });
      await store.rooms.markDeleted(gone, BASE + 1);
      expect(await store.stats.totals()).toEqual({ users: 1, rooms: 1, messages: 9 });
    });

    it('keeps the largest online count per 5-minute bucket over every instance, and deletes old samples', async () => {
      const sample = (instanceId: string, at: number, onlineUsers: number) => store.stats.insertSample({ instanceId, at, sockets: onlineUsers * 2, onlineUsers });
      await sample('a', BASE - 1, 50); // before the window
      await sample('a', BASE + 10, 3);
      await sample('b', BASE + 20, 4);
      await sample('a', BASE + FIVE_MINUTES + 1, 7);
      await sample('b', BASE + 3 * FIVE_MINUTES, 0);
      const series = await store.stats.onlineUsersPerBucket(BASE, BASE + 4 * FIVE_MINUTES, FIVE_MINUTES);
      const first = BASE / FIVE_MINUTES;
      expect([...series].sort(([x], [y]) => x - y)).toEqual([[first, 4], [first + 1, 7], [first + 3, 0]]);
      expect(await store.stats.deleteSamplesBefore(BASE + FIVE_MINUTES)).toBe(3);
      const left = await store.stats.onlineUsersPerBucket(0, BASE + 4 * FIVE_MINUTES, FIVE_MINUTES);
      expect([...left].sort(([x], [y]) => x - y)).toEqual([[first + 1, 7], [first + 3, 0]]);
    });

    it('reports the bytes the database takes on disk', async () => {
      const bytes = await store.stats.databaseBytes();
      expect(bytes).toBeGreaterThan(0);
      if (dialect.name === 'sqlite') {
        const file = db.url.slice('sqlite:'.length);
        const wal = (() => {
          try {
            return statSync(`${file}-wal`).size;
          } catch {
            return 0;
          }
        })();
        // Pages not yet checkpointed into the main file are in the WAL: page_count × page_size lies
        // between the main file's size and main file plus WAL, and the WAL itself is added on top.
        const main = statSync(file).size;
        expect(bytes).toBeGreaterThanOrEqual(main + wal);
        expect(bytes).toBeLessThanOrEqual(main + 2 * wal);
      }
    });

    it('saves settings by key, replaces a saved key, and skips a stored value that no longer parses', async () => {
      expect(await store.settings.load()).toEqual({ values: {}, invalid: [] });
      await store.settings.save({ instanceName: '团队 🚀', registration: 'closed' }, BASE, user.id);
      await store.settings.save({ registration: 'invite-only', allowedFileTypes: ['image/*', 'application/pdf'] }, BASE + 1, null);
      expect(await store.settings.load()).toEqual({
        values: { instanceName: '团队 🚀', registration: 'invite-only', allowedFileTypes: ['image/*', 'application/pdf'] },
        invalid: [],
      });
      // What a hand edit or a future version could leave behind: each bad row costs only its own key.
      await store.settings.save({ defaultLanguage: 'en' }, BASE + 2, null);
      await corrupt(db.url);
      const loaded = await store.settings.load();
      expect(loaded.values).toEqual({ instanceName: '团队 🚀', registration: 'invite-only', allowedFileTypes: ['image/*', 'application/pdf'] });
      expect(loaded.invalid.sort()).toEqual(['defaultLanguage', 'maxUploadBytes', 'noSuchSetting']);
    });

    it('finds the room of a live invite only: not expired, not revoked, its room not deleted', async () => {
      expect(await store.registration.hasAnyUser()).toBe(true);
      const invite = async (room: string, code: string, expiresAt: number) => {
        const id = randomUUID();
        await store.invites.create({ id, codeHash: sha256Hex(code), roomId: room, createdBy: user.id, createdAt: BASE, expiresAt });
        return id;
      };
      const privateRoom = randomUUID();
      await store.rooms.create({ id: privateRoom, name: 'secret', description: '', visibility: 'private', createdAt: BASE, createdBy: user.id });
      await invite(privateRoom, 'live-code', BASE + HOUR);
      await invite(privateRoom, 'old-code', BASE - 1);
      const revoked = await invite(privateRoom, 'revoked-code', BASE + HOUR);
      await store.invites.remove(privateRoom, revoked);
      const doomed = randomUUID();
      await store.rooms.create({ id: doomed, name: 'doomed', description: '', visibility: 'private', createdAt: BASE, createdBy: user.id });
      await invite(doomed, 'doomed-code', BASE + HOUR);
      await store.rooms.markDeleted(doomed, BASE);
      const find = (code: string) => store.registration.findInviteRoom(sha256Hex(code), BASE);
      expect(await find('live-code')).toBe(privateRoom);
      expect(await find('old-code')).toBeUndefined();
      expect(await find('revoked-code')).toBeUndefined();
      expect(await find('doomed-code')).toBeUndefined();
      expect(await find('never-issued')).toBeUndefined();
    });
  });
}

/**
 * The plan of the repository's own per-hour query. PostgreSQL is told to avoid sequential scans:
 * on a tiny table it would rightly prefer one, and the question is whether the index serves the
 * query at all.
 */
async function planOf(url: string): Promise<string> {
  const { CompiledQuery, Kysely, sql } = await import('kysely');
  const { createDialect } = await import('../src/storage/dialect.js');
  const { name, dialect } = await createDialect(url);
  const raw = new Kysely<Database>({ dialect });
  try {
    if (name === 'postgres') await sql.raw('set enable_seqscan = off').execute(raw);
    const query = messagesPerBucketQuery(raw, name, BASE, BASE + HOUR, HOUR).compile();
    const explain = name === 'sqlite' ? 'explain query plan' : 'explain';
    return JSON.stringify((await raw.executeQuery(CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]))).rows);
  } finally {
    await raw.destroy();
  }
}

/** Writes rows the settings schema refuses, behind the repository's back. */
async function corrupt(url: string): Promise<void> {
  const { Kysely } = await import('kysely');
  const { createDialect } = await import('../src/storage/dialect.js');
  const raw = new Kysely<{ instance_setting_values: { key: string; value: string; updated_at: number; updated_by: string | null } }>({ dialect: (await createDialect(url)).dialect });
  try {
    await raw.deleteFrom('instance_setting_values').where('key', '=', 'defaultLanguage').execute();
    await raw
      .insertInto('instance_setting_values')
      .values([
        { key: 'defaultLanguage', value: '"klingon"', updated_at: 1, updated_by: null },
        { key: 'maxUploadBytes', value: 'not json', updated_at: 1, updated_by: null },
        { key: 'noSuchSetting', value: '1', updated_at: 1, updated_by: null },
      ])
      .execute();
  } finally {
    await raw.destroy();
  }
}
