import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRef } from '@parley/protocol';
import { Kysely, Migrator } from 'kysely';
import { openStore } from '../src/storage/db.js';
import { createDialect } from '../src/storage/dialect.js';
import { migrationProvider } from '../src/storage/migrations/index.js';
import type { Database } from '../src/storage/schema.js';
import type { AuditRecord } from '../src/storage/audit-types.js';
import type { Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

// The audit repository and the first-admin claim, on every dialect.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`audit storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    let second: Store;
    const users: UserRef[] = [];
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
      // A second pool stands in for a second server instance on PostgreSQL; SQLite has one writer process.
      second = dialect.name === 'postgres' ? (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store : store;
      for (const name of ['Ann', 'Ben', 'Cai']) {
        const u = { id: randomUUID(), username: name, displayName: `${name} 显示` };
        await store.users.create({ ...u, bio: '', statusText: '', passwordHash: 'x', createdAt: Date.now(), avatarSmall: null, avatarLarge: null });
        users.push(u);
      }
    });
    afterAll(async () => {
      await store?.close();
      if (second !== store) await second?.close();
      await db?.drop();
    });

    const row = (over: Partial<AuditRecord>): AuditRecord => ({
      id: randomUUID(), at: 1_700_000_000_000, action: 'invite.created', actorId: null, roomId: null, targetUserId: null, ip: null, details: {}, ...over,
    });

    it('lets exactly one of two concurrent claims become the first admin', async () => {
      const [ann, ben] = users as [UserRef, UserRef];
      const claims = await Promise.all([
        store.transaction((tx) => tx.users.claimFirstAdmin(ann.id)),
        second.transaction((tx) => tx.users.claimFirstAdmin(ben.id)),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const winner = claims[0] ? ann : ben;
      const loser = claims[0] ? ben : ann;
      expect((await store.users.findById(winner.id))?.isAdmin).toBe(true);
      expect((await store.users.findById(loser.id))?.isAdmin).toBe(false);
      expect(await store.users.claimFirstAdmin(users[2]!.id)).toBe(false);
    });

    it('makes the oldest existing account the first admin when an instance upgrades', async () => {
      const old = await dialect.create();
      try {
        const db = new Kysely<Database>({ dialect: (await createDialect(old.url)).dialect });
        const before = await new Migrator({ db, provider: migrationProvider }).migrateTo('0005_add_room_bans_and_invite_ids');
        expect(before.error).toBeUndefined();
        const user = (id: string, username: string, at: number) => ({
          id, username, username_key: username, display_name: username, bio: '', password_hash: 'x', created_at: at, updated_at: at, avatar_small: null, avatar_large: null,
        });
        const [older, newer] = [randomUUID(), randomUUID()];
        await db.insertInto('users').values([user(newer, 'newer', 2000), user(older, 'older', 1000)]).execute();
        await db.destroy();
        const upgraded = (await openStore({ databaseUrl: old.url, dataDir: '/nonexistent' })).store;
        try {
          expect([(await upgraded.users.findById(older))?.isAdmin, (await upgraded.users.findById(newer))?.isAdmin]).toEqual([true, false]);
          expect(await upgraded.users.claimFirstAdmin(newer)).toBe(false);
        } finally {
          await upgraded.close();
        }
      } finally {
        await old.drop();
      }
    });

    it('reads entries back with user refs, details and nulls intact', async () => {
      const [ann, ben] = users as [UserRef, UserRef];
      const roomId = randomUUID();
      const entry = row({ action: 'room.role_changed', at: 1_700_000_000_500, actorId: ann.id, targetUserId: ben.id, roomId, ip: '::1', details: { from: 'member', to: 'admin', n: 2, ok: true, none: null } });
      await store.audit.insert(entry);
      await store.audit.insert(row({ action: 'auth.login_failed', actorId: null, targetUserId: randomUUID(), details: { username: 'ghost' } }));
      expect(await store.audit.list({ roomId }, undefined, 10)).toEqual([
        { id: entry.id, at: entry.at, action: 'room.role_changed', actor: ann, target: ben, roomId, ip: '::1', details: entry.details },
      ]);
      const [failed] = await store.audit.list({ action: 'auth.login_failed' }, undefined, 10);
      expect(failed).toMatchObject({ actor: null, target: null, roomId: null, details: { username: 'ghost' } });
    });

    it('pages newest first by (at, id), filters by actor or target, and ignores a cursor outside the filter', async () => {
      const [ann, ben, cai] = users as [UserRef, UserRef, UserRef];
      const roomId = randomUUID();
      // Equal timestamps on purpose: the id breaks ties, so pages never overlap or skip.
      const rows = [1, 2, 2, 2, 3].map((t, i) => row({ roomId, at: 1_800_000_000_000 + t, actorId: i % 2 ? ann.id : ben.id, targetUserId: i === 4 ? cai.id : null }));
      for (const r of rows) await store.audit.insert(r);
      const all = await store.audit.list({ roomId }, undefined, 100);
      expect(all.map((e) => e.at)).toEqual([3, 2, 2, 2, 1].map((t) => 1_800_000_000_000 + t));
      const first = await store.audit.list({ roomId }, undefined, 2);
      const next = await store.audit.list({ roomId }, first.at(-1)!.id, 2);
      const last = await store.audit.list({ roomId }, next.at(-1)!.id, 2);
      expect([...first, ...next, ...last].map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect((await store.audit.list({ roomId, userId: cai.id }, undefined, 10)).map((e) => e.id)).toEqual([rows[4]!.id]);
      expect(await store.audit.list({ roomId: randomUUID() }, all[0]!.id, 10)).toEqual([]);
      expect(await store.audit.list({ roomId }, randomUUID(), 10)).toEqual([]);
    });
  });
}
