import { randomUUID } from 'node:crypto';
import { Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRef } from '@parley/protocol';
import { createDialect } from '../src/storage/dialect.js';
import { openStore } from '../src/storage/db.js';
import { migrationProvider } from '../src/storage/migrations/index.js';
import type { Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

// The ban and invite repositories, and migration 0005, on every dialect.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`moderation storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    const users: UserRef[] = [];
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
      for (const name of ['Mod', 'Troll', 'Other']) {
        const u = { id: randomUUID(), username: name, displayName: name };
        await store.users.create({ ...u, bio: '', statusText: '', passwordHash: 'x', createdAt: 1, avatarSmall: null, avatarLarge: null });
        users.push(u);
      }
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    async function newRoom(): Promise<string> {
      const id = randomUUID();
      await store.rooms.create({ id, name: 'r', description: '', visibility: 'public', createdAt: 1, createdBy: users[0]!.id });
      return id;
    }

    it('adds a ban once, finds, lists newest first and removes it', async () => {
      const room = await newRoom();
      const [mod, troll, other] = users as [UserRef, UserRef, UserRef];
      expect(await store.bans.add({ roomId: room, userId: troll.id, bannedBy: mod.id, reason: 'spam', at: 10 })).toBe(true);
      expect(await store.bans.add({ roomId: room, userId: other.id, bannedBy: mod.id, reason: null, at: 20 })).toBe(true);
      expect(await store.bans.isBanned(room, troll.id)).toBe(true);
      expect(await store.bans.isBanned(await newRoom(), troll.id)).toBe(false);
      expect(await store.bans.list(room)).toEqual([
        { roomId: room, user: other, by: mod, reason: null, at: 20 },
        { roomId: room, user: troll, by: mod, reason: 'spam', at: 10 },
      ]);
      expect(await store.bans.remove(room, troll.id)).toBe(true);
      expect(await store.bans.remove(room, troll.id)).toBe(false);
      expect(await store.bans.find(room, troll.id)).toBeUndefined();
    });

    it('answers a second ban with false inside a transaction that then still commits', async () => {
      const room = await newRoom();
      const [mod, troll] = users as [UserRef, UserRef];
      await store.bans.add({ roomId: room, userId: troll.id, bannedBy: mod.id, reason: 'first', at: 1 });
      // On PostgreSQL a failed statement would abort the whole transaction; the repository must not cause one.
      const committed = await store.transaction(async (tx) => {
        expect(await tx.bans.add({ roomId: room, userId: troll.id, bannedBy: mod.id, reason: 'second', at: 2 })).toBe(false);
        await tx.members.add(room, troll.id, 'member', 3);
        return true;
      });
      expect(committed).toBe(true);
      expect(await store.members.findRole(room, troll.id)).toBe('member');
      expect((await store.bans.find(room, troll.id))?.reason).toBe('first');
    });

    it('lists only a room’s live invites and removes one only through its own room', async () => {
      const [room, elsewhere] = [await newRoom(), await newRoom()];
      const mod = users[0]!;
      const mk = (roomId: string, createdAt: number, expiresAt: number) => ({ id: randomUUID(), codeHash: randomUUID(), roomId, createdBy: mod.id, createdAt, expiresAt });
      const [old, fresh, expired, foreign] = [mk(room, 1, 1000), mk(room, 2, 1000), mk(room, 3, 50), mk(elsewhere, 1, 1000)];
      for (const i of [old, fresh, expired, foreign]) await store.invites.create(i);
      const live = await store.invites.listLive(room, 100);
      expect(live).toEqual([
        { id: fresh.id, roomId: room, createdBy: mod, createdAt: 2, expiresAt: 1000 },
        { id: old.id, roomId: room, createdBy: mod, createdAt: 1, expiresAt: 1000 },
      ]);
      expect(await store.invites.remove(room, foreign.id)).toBe(false);
      expect(await store.invites.isValid(elsewhere, foreign.codeHash, 100)).toBe(true);
      expect(await store.invites.remove(room, old.id)).toBe(true);
      expect(await store.invites.isValid(room, old.codeHash, 100)).toBe(false);
    });

    it('gives invites made before migration 0005 an id each', async () => {
      const scratch = await dialect.create();
      const { dialect: d } = await createDialect(scratch.url);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a schema from before this migration
      const raw = new Kysely<any>({ dialect: d });
      try {
        const migrator = new Migrator({ db: raw, provider: migrationProvider });
        expect((await migrator.migrateTo('0003_add_read_markers_and_status')).error).toBeUndefined();
        await raw.insertInto('users').values({ id: 'u1', username: 'u', username_key: 'u', display_name: 'u', password_hash: 'x', created_at: 1, updated_at: 1 }).execute();
        await raw.insertInto('rooms').values({ id: 'r1', name: 'r', visibility: 'private', created_by: 'u1', created_at: 1 }).execute();
        for (const h of ['h1', 'h2']) {
          await raw.insertInto('room_invites').values({ code_hash: h, room_id: 'r1', created_by: 'u1', created_at: 1, expires_at: 9 }).execute();
        }
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
        const ids = (await raw.selectFrom('room_invites').select('id').execute()).map((r: { id: string | null }) => r.id);
        expect(ids).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);
        expect(new Set(ids).size).toBe(2);
      } finally {
        await raw.destroy();
        await scratch.drop();
      }
    });
  });
}
