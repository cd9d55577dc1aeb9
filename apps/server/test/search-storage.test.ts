import { randomUUID } from 'node:crypto';
import { Kysely, Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/storage/db.js';
import { createDialect } from '../src/storage/dialect.js';
import { migrationProvider } from '../src/storage/migrations/index.js';
import type { Database } from '../src/storage/schema.js';
import { DIALECTS } from './helpers/dialects.js';

// The search index below the HTTP route (search.test.ts): its migration, and its plans for common terms.
/** A database as 0006 left it, with one text and one system message, then opened by today's server. */
async function messagesBeforeSearchExisted(url: string) {
  const db = new Kysely<Database>({ dialect: (await createDialect(url)).dialect });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0006_add_audit_log');
  if (error) throw error;
  const [userId, roomId, now] = [randomUUID(), randomUUID(), Date.now()];
  await db.insertInto('users').values({ id: userId, username: 'old', username_key: 'old', display_name: 'Old', bio: '', password_hash: 'x', created_at: now, updated_at: now, avatar_small: null, avatar_large: null }).execute();
  await db.insertInto('rooms').values({ id: roomId, name: '旧房间', description: '', visibility: 'public', created_by: userId, created_at: now, deleted_at: null, last_seq: 2 }).execute();
  await db.insertInto('room_members').values({ room_id: roomId, user_id: userId, role: 'owner', joined_at: now }).execute();
  const message = { room_id: roomId, event: null, client_msg_id: null, created_at: now };
  await db.insertInto('messages').values([
    { ...message, id: randomUUID(), seq: 1, kind: 'system', body: '旧数据库 joined', sender_id: null },
    { ...message, id: randomUUID(), seq: 2, kind: 'text', body: '旧数据库还在', sender_id: userId },
  ]).execute();
  await db.destroy();
  return { userId, roomId };
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`search index migration on ${dialect.name}`, () => {
    it('pages a term in hundreds of messages newest first, across rooms, exactly as a sort would', async () => {
      const scratch = await dialect.create();
      const { store } = await openStore({ databaseUrl: scratch.url, dataDir: '/nonexistent' });
      try {
        const user = { id: randomUUID(), username: 'many', displayName: 'Many' };
        await store.users.create({ ...user, bio: '', statusText: '', passwordHash: 'x', createdAt: 0, avatarSmall: null, avatarLarge: null });
        const rooms = [randomUUID(), randomUUID(), randomUUID()];
        for (const [i, id] of rooms.entries()) {
          await store.rooms.create({ id, name: `r${i}`, description: '', visibility: 'public', createdAt: 0, createdBy: user.id });
          if (i < 2) await store.members.add(id, user.id, 'owner', 0);
        }
        const base = Date.UTC(2026, 0, 1);
        // 700 hits per room (well past any "common term" threshold), with shared timestamps so ties need room and seq.
        for (const roomId of rooms) {
          await store.messages.importMany(Array.from({ length: 800 }, (_, i) => ({
            id: randomUUID(), roomId, seq: i + 1, kind: 'text' as const, body: i % 8 === 0 ? `other ${i}` : `常见词 Common ${i}`,
            event: null, sender: user, clientMsgId: null, createdAt: new Date(base + Math.floor(i / 3) * 1000).toISOString(),
          })));
        }
        const expected = rooms.slice(0, 2)
          .flatMap((roomId) => Array.from({ length: 800 }, (_, i) => ({ roomId, seq: i + 1, at: Math.floor(i / 3), hit: i % 8 !== 0 })))
          .filter((m) => m.hit)
          .sort((a, b) => b.at - a.at || (a.roomId === b.roomId ? 0 : a.roomId < b.roomId ? 1 : -1) || b.seq - a.seq)
          .map((m) => `${m.roomId}:${m.seq}`);
        for (const text of ['常见词', 'common', '见词', 'mm']) {
          const got: string[] = [];
          let before: { createdAt: number; roomId: string; seq: number } | undefined;
          for (let page = 0; page < 200; page++) {
            const hits = await store.search.findMessages({ userId: user.id, text, roomId: undefined, before, limit: 50 });
            got.push(...hits.map((h) => `${h.roomId}:${h.seq}`));
            const last = hits[hits.length - 1];
            if (hits.length < 50 || !last) break;
            before = { createdAt: last.createdAt, roomId: last.roomId, seq: last.seq };
          }
          expect({ text, got }).toEqual({ text, got: expected });
        }
      } finally {
        await store.close();
        await scratch.drop();
      }
    });

    it('indexes the messages that existed before the migration, and no system message', async () => {
      const scratch = await dialect.create();
      try {
        const { userId, roomId } = await messagesBeforeSearchExisted(scratch.url);
        const { store } = await openStore({ databaseUrl: scratch.url, dataDir: '/nonexistent' });
        try {
          for (const text of ['旧数据库', '数据']) {
            const hits = await store.search.findMessages({ userId, text, roomId: undefined, before: undefined, limit: 10 });
            expect(hits.map((h) => [h.roomId, h.seq, h.body])).toEqual([[roomId, 2, '旧数据库还在']]);
          }
        } finally {
          await store.close();
        }
      } finally {
        await scratch.drop();
      }
    });
  });
}
