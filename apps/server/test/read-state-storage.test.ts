import { randomUUID } from 'node:crypto';
import { Kysely, Migrator, sql } from 'kysely';
import { UNREAD_CAP, type UserRef } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialect } from '../src/storage/dialect.js';
import { openStore } from '../src/storage/db.js';
import { unreadCountSql } from '../src/storage/read-state.js';
import type { Database } from '../src/storage/schema.js';
import { migrationProvider } from '../src/storage/migrations/index.js';
import type { Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

// Read markers in storage, on every dialect: the upgrade path and the unread cap.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`read state storage on ${dialect.name}`, () => {
    const scratch: ScratchDatabase[] = [];
    const fresh = async () => {
      const db = await dialect.create();
      scratch.push(db);
      return db;
    };
    afterAll(async () => {
      for (const db of scratch) await db.drop();
    });

    it('starts existing members at their room’s last seq when 0003 upgrades a database', async () => {
      const { url } = await fresh();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as of 0002, before the app's types
      const db = new Kysely<any>({ dialect: (await createDialect(url)).dialect });
      try {
        const migrator = new Migrator({ db, provider: migrationProvider });
        expect((await migrator.migrateTo('0002_add_attachments')).error).toBeUndefined();
        const [u1, u2, busy, quiet] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
        const user = (id: string, name: string) => ({
          id,
          username: name,
          username_key: name,
          display_name: name,
          bio: '',
          password_hash: 'x',
          created_at: 1,
          updated_at: 1,
        });
        await db.insertInto('users').values([user(u1, 'one'), user(u2, 'two')]).execute();
        const room = (id: string, lastSeq: number) => ({
          id,
          name: id,
          description: '',
          visibility: 'public',
          last_seq: lastSeq,
          created_by: u1,
          created_at: 1,
          deleted_at: null,
        });
        await db.insertInto('rooms').values([room(busy, 7), room(quiet, 0)]).execute();
        const member = (roomId: string, userId: string) => ({ room_id: roomId, user_id: userId, role: 'member', joined_at: 1 });
        await db.insertInto('room_members').values([member(busy, u1), member(busy, u2), member(quiet, u1)]).execute();

        const { error, results } = await migrator.migrateTo('0003_add_read_markers_and_status');
        expect(error).toBeUndefined();
        expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['0003_add_read_markers_and_status', 'Success']]);
        const rows = await db.selectFrom('room_members').select(['room_id', 'user_id', 'last_read_seq', 'muted']).execute();
        const byKey = Object.fromEntries(rows.map((r) => [`${r.room_id}/${r.user_id}`, [Number(r.last_read_seq), Number(r.muted)]]));
        expect(byKey).toEqual({ [`${busy}/${u1}`]: [7, 0], [`${busy}/${u2}`]: [7, 0], [`${quiet}/${u1}`]: [0, 0] });
        const users = await db.selectFrom('users').select(['id', 'status_text']).orderBy('username').execute();
        expect(users).toEqual([
          { id: u1, status_text: '' },
          { id: u2, status_text: '' },
        ]);
      } finally {
        await db.destroy();
      }
    });

    describe('unread counts', () => {
      let store: Store;
      let url: string;
      let alice: UserRef;
      let bob: UserRef;
      beforeAll(async () => {
        const db = await fresh();
        url = db.url;
        store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
        alice = { id: randomUUID(), username: 'alice', displayName: 'Alice' };
        bob = { id: randomUUID(), username: 'bob', displayName: 'Bob' };
        for (const u of [alice, bob]) {
          await store.users.create({ ...u, bio: '', statusText: '', passwordHash: 'x', createdAt: 1, avatarSmall: null, avatarLarge: null });
        }
      });
      afterAll(async () => {
        await store?.close();
      });

      it(`stop at UNREAD_CAP (${UNREAD_CAP}) however many messages are unread`, async () => {
        const room = randomUUID();
        await store.rooms.create({ id: room, name: 'busy', description: '', visibility: 'public', createdAt: 1, createdBy: alice.id });
        await store.members.add(room, alice.id, 'owner', 1);
        await store.members.add(room, bob.id, 'member', 1);
        const total = UNREAD_CAP + 25;
        await store.transaction(async (tx) => {
          for (let i = 0; i < total; i++) {
            await tx.messages.append({
              id: randomUUID(),
              roomId: room,
              kind: 'text',
              body: `m${i}`,
              event: null,
              sender: alice,
              clientMsgId: null,
              createdAt: 1,
              attachments: [],
            });
          }
        });
        const listing = (await store.rooms.listVisibleTo(bob.id)).find((r) => r.id === room);
        expect(listing).toMatchObject({ lastSeq: total, lastReadSeq: 0, unreadCount: UNREAD_CAP, muted: false });
        expect(await store.members.findReadState(room, bob.id)).toEqual({ lastReadSeq: 0, unreadCount: UNREAD_CAP, mentionCount: 0, muted: false });
        expect(await store.members.findReadState(room, alice.id)).toEqual({ lastReadSeq: total, unreadCount: 0, mentionCount: 0, muted: false });
        expect(await store.members.advanceReadMarker(room, bob.id, total - 10)).toBe(true);
        expect(await store.members.findReadState(room, bob.id)).toEqual({ lastReadSeq: total - 10, unreadCount: 10, mentionCount: 0, muted: false });
      });

      // One busy room holding every message is exactly what tempts PostgreSQL into a sequential
      // scan under a LIMIT, which then reads the whole table for each quiet room in a listing.
      it.skipIf(dialect.name !== 'postgres')('counts through the (room_id, seq) index even when one room holds every message', async () => {
        const busy = randomUUID();
        const quiet = randomUUID();
        for (const id of [busy, quiet]) {
          await store.rooms.create({ id, name: id, description: '', visibility: 'public', createdAt: 1, createdBy: alice.id });
        }
        const db = new Kysely<Database>({ dialect: (await createDialect(url)).dialect });
        try {
          await sql`insert into messages (id, room_id, seq, kind, body, sender_id, created_at)
            select gen_random_uuid()::text, ${busy}, g, 'text', 'x', ${alice.id}, 1 from generate_series(1, 100000) g`.execute(db);
          await sql`analyze messages`.execute(db);
          const plan = await db
            .selectFrom('rooms as r')
            .select(unreadCountSql(db, sql.ref('r.id'), sql.lit(0), bob.id).as('n'))
            .where('r.id', 'in', [busy, quiet])
            .explain();
          const text = plan.map((row) => Object.values(row).join(' ')).join('\n');
          expect(text).toContain('messages_room_seq_uq');
          expect(text).not.toMatch(/Seq Scan on messages/);
        } finally {
          await db.destroy();
        }
      });
    });
  });
}
