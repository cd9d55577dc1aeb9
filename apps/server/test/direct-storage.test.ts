import { randomUUID } from 'node:crypto';
import type { Room, UserRef } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directKey } from '../src/domain/direct-rooms.js';
import { openStore } from '../src/storage/db.js';
import type { Store } from '../src/storage/types.js';
import { api, registerUser } from './helpers/api.js';
import type { Account } from './helpers/bodies.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { startServer, type TestServer } from './helpers/start-server.js';

// The direct-room repository and migration 0010 on every dialect, and the race it exists for: two
// people starting the same conversation at the same moment must end up in one room.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`direct room storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    const users: UserRef[] = [];
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
      for (const name of ['Ann', 'Ben', 'Cai']) {
        const u = { id: randomUUID(), username: name, displayName: name };
        await store.users.create({ ...u, bio: '', statusText: '', passwordHash: 'x', createdAt: 1, avatarSmall: null, avatarLarge: null });
        users.push(u);
      }
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    const newDirect = async (key: string, id = randomUUID()) => ({ id, created: await store.directRooms.create({ id, key, createdBy: users[0]!.id, createdAt: 5 }) });

    it('stores ordinary rooms as kind room and direct rooms as private, nameless kind direct', async () => {
      const room = randomUUID();
      await store.rooms.create({ id: room, name: 'r', description: '', visibility: 'public', createdAt: 1, createdBy: users[0]!.id });
      const { id } = await newDirect(`${randomUUID()},${randomUUID()}`);
      expect(await store.rooms.findById(room)).toMatchObject({ kind: 'room', name: 'r', visibility: 'public' });
      expect(await store.rooms.findById(id)).toEqual({ id, kind: 'direct', name: '', description: '', visibility: 'private', lastSeq: 0, createdAt: 5, deletedAt: null });
    });

    it('finds a conversation by its key, refuses a second one with that key, and forgets the key when retired', async () => {
      const key = directKey([users[1]!.id, users[0]!.id]);
      const first = await newDirect(key);
      expect(first.created).toBe(true);
      expect(await newDirect(key)).toEqual({ id: expect.any(String), created: false });
      expect(await store.directRooms.findIdByKey(key)).toBe(first.id);
      expect(await store.directRooms.findIdByKey(directKey([users[0]!.id, users[2]!.id]))).toBeUndefined();
      await store.directRooms.retireKey(first.id);
      expect(await store.directRooms.findIdByKey(key)).toBeUndefined();
      const second = await newDirect(key);
      expect(second.created).toBe(true);
      expect(await store.directRooms.findIdByKey(key)).toBe(second.id);
      expect(await store.rooms.findById(first.id)).toMatchObject({ kind: 'direct', deletedAt: null });
    });

    it('answers a losing insert inside a transaction with false, and the transaction still commits', async () => {
      const key = `${randomUUID()},${randomUUID()}`;
      await newDirect(key);
      const later = randomUUID();
      const committed = await store.transaction(async (tx) => {
        expect(await tx.directRooms.create({ id: randomUUID(), key, createdBy: users[0]!.id, createdAt: 6 })).toBe(false);
        // On PostgreSQL a failed statement would abort the transaction; this one must still work.
        return tx.directRooms.create({ id: later, key: `${key},x`, createdBy: users[0]!.id, createdAt: 6 });
      });
      expect(committed).toBe(true);
      expect(await store.directRooms.findIdByKey(`${key},x`)).toBe(later);
    });

    it('lets exactly one of many concurrent starts of one conversation win', async () => {
      const key = `${randomUUID()},${randomUUID()}`;
      const attempts = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.transaction(async (tx) => {
            const id = randomUUID();
            const won = await tx.directRooms.create({ id, key, createdBy: users[0]!.id, createdAt: 7 });
            if (won) await tx.members.add(id, users[0]!.id, 'member', 7);
            return won ? id : undefined;
          }),
        ),
      );
      const winners = attempts.filter((id) => id !== undefined);
      expect(winners).toHaveLength(1);
      expect(await store.directRooms.findIdByKey(key)).toBe(winners[0]);
    });

    it("lists each room's current members, oldest first, in one call", async () => {
      const [ann, ben, cai] = users as [UserRef, UserRef, UserRef];
      const a = (await newDirect(directKey([ann.id, ben.id, cai.id]))).id;
      const b = (await newDirect(directKey([ben.id, cai.id]))).id;
      await store.members.add(a, cai.id, 'member', 10);
      await store.members.add(a, ann.id, 'member', 11);
      await store.members.add(a, ben.id, 'member', 12);
      await store.members.add(b, ben.id, 'member', 10);
      const listed = await store.directRooms.listMembers([a, b, randomUUID()]);
      expect(Object.fromEntries(listed)).toEqual({ [a]: [cai, ann, ben], [b]: [ben] });
      expect(await store.directRooms.listMembers([])).toEqual(new Map());
    });
  });

  describe.skipIf(!dialect.available)(`starting the same conversation at once on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let server: TestServer;
    beforeAll(async () => {
      db = await dialect.create();
      server = await startServer({ databaseUrl: db.url });
    });
    afterAll(async () => {
      await server?.close();
      await db?.drop();
    });

    it('gives two people who start a conversation with each other at the same moment one room', async () => {
      for (let round = 0; round < 5; round++) {
        const [a, b] = (await Promise.all([registerUser(server.url, 'race'), registerUser(server.url, 'race')])) as [Account, Account];
        const [fromA, fromB] = await Promise.all([
          api<Room>(server.url, 'POST', '/api/direct', { token: a.accessToken, body: { userIds: [b.user.id] } }),
          api<Room>(server.url, 'POST', '/api/direct', { token: b.accessToken, body: { userIds: [a.user.id] } }),
        ]);
        expect([fromA.status, fromB.status].sort()).toEqual([200, 201]);
        expect(fromB.body.id).toBe(fromA.body.id);
        const rooms = (await api<{ rooms: Room[] }>(server.url, 'GET', '/api/rooms', { token: a.accessToken })).body.rooms;
        // One room, two members, one `room.created`: the loser wrote nothing.
        expect(rooms.map((r) => [r.id, r.type, r.memberCount, r.lastSeq])).toEqual([[fromA.body.id, 'direct', 2, 1]]);
      }
    });
  });
}
