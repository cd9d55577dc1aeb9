import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRef } from '@parley/protocol';
import { openStore } from '../src/storage/db.js';
import type { NewMessage, Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    let second: Store;
    let alice: UserRef;
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
      // On PostgreSQL a second pool stands in for a second server instance. A SQLite file has one
      // writer process by design (scale-out means PostgreSQL), so there both names share one store.
      second = dialect.name === 'postgres' ? (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store : store;
      alice = { id: randomUUID(), username: 'Alice', displayName: 'Alice' };
      await store.users.create({ ...alice, bio: '', statusText: '', passwordHash: 'x', createdAt: Date.now(), avatarSmall: null, avatarLarge: null });
    });
    afterAll(async () => {
      await store?.close();
      if (second !== store) await second?.close();
      await db?.drop();
    });

    async function newRoom(): Promise<string> {
      const id = randomUUID();
      await store.rooms.create({ id, name: 'r', description: '', visibility: 'public', createdAt: Date.now(), createdBy: alice.id });
      return id;
    }
    const text = (roomId: string, clientMsgId: string | null): NewMessage => ({
      id: randomUUID(),
      roomId,
      kind: 'text',
      body: 'hi',
      event: null,
      sender: alice,
      clientMsgId,
      createdAt: Date.now(),
      attachments: [],
    });

    it('runs migrations again without error (start-up is idempotent)', async () => {
      const again = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' });
      await again.store.close();
    });

    it('imports messages with their seqs in bulk and continues numbering after them', async () => {
      const room = await newRoom();
      const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5)).toISOString();
      const imported = Array.from({ length: 1203 }, (_, i) => ({
        id: randomUUID(), roomId: room, seq: i + 1, kind: 'text' as const, body: `导入 ${i + 1}`, event: null,
        sender: alice, clientMsgId: `imp-${room}-${i}`, createdAt: at,
      }));
      await store.messages.importMany(imported);
      expect((await store.rooms.findById(room))?.lastSeq).toBe(1203);
      const page = await store.messages.listBefore(room, 1204, 2);
      expect(page.map((m) => [m.seq, m.body, m.createdAt, m.sender?.id])).toEqual([
        [1203, '导入 1203', at, alice.id],
        [1202, '导入 1202', at, alice.id],
      ]);
      const next = await store.messages.append(text(room, null));
      expect(next.status === 'created' && next.message.seq).toBe(1204);
    });

    it('rolls a failed import back whole, leaving the room counter alone', async () => {
      const room = await newRoom();
      const m = { id: randomUUID(), roomId: room, seq: 1, kind: 'text' as const, body: 'x', event: null, sender: alice, clientMsgId: null, createdAt: new Date().toISOString() };
      // Seq 1 twice violates (room_id, seq): nothing of the batch may stay.
      await expect(store.messages.importMany([m, { ...m, id: randomUUID(), seq: 2 }, { ...m, id: randomUUID() }])).rejects.toThrow();
      expect((await store.rooms.findById(room))?.lastSeq).toBe(0);
      expect(await store.messages.listAfter(room, 0, 10)).toEqual([]);
    });

    it('treats usernames case-insensitively', async () => {
      const result = await store.users.create({ id: randomUUID(), username: 'ALICE', displayName: 'x', bio: '', statusText: '', passwordHash: 'x', createdAt: 1, avatarSmall: null, avatarLarge: null });
      expect(result).toBe('taken');
      expect((await store.users.findByUsername('aLiCe'))?.id).toBe(alice.id);
    });

    it('numbers messages 1, 2, 3 per room and returns the original for a repeated clientMsgId', async () => {
      const room = await newRoom();
      const a = await store.messages.append(text(room, 'c1'));
      const b = await store.messages.append(text(room, 'c2'));
      const again = await store.messages.append(text(room, 'c1'));
      expect([a.status, b.status, again.status]).toEqual(['created', 'created', 'duplicate']);
      if (a.status !== 'created' || again.status !== 'duplicate') throw new Error('unreachable');
      expect(again.message).toEqual(a.message);
      expect((await store.messages.listAfter(room, 0, 10)).map((m) => m.seq)).toEqual([1, 2]);
      expect((await store.rooms.findById(room))?.lastSeq).toBe(2);
    });

    it('keeps seqs gap-free and unique under concurrent writers', async () => {
      const room = await newRoom();
      const writes = Array.from({ length: 200 }, (_, i) => (i % 2 ? store : second).messages.append(text(room, `k${i}`)));
      // Concurrent duplicates of the same clientMsgIds race the originals.
      const dups = Array.from({ length: 40 }, (_, i) => (i % 2 ? second : store).messages.append(text(room, `k${i}`)));
      const results = await Promise.all([...writes, ...dups]);
      expect(results.filter((r) => r.status === 'created')).toHaveLength(200);
      const seqs = (await store.messages.listAfter(room, 0, 1000)).map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    });

    it('pages history both ways by seq', async () => {
      const room = await newRoom();
      for (let i = 0; i < 5; i++) await store.messages.append(text(room, null));
      expect((await store.messages.listBefore(room, 4, 2)).map((m) => m.seq)).toEqual([3, 2]);
      expect((await store.messages.listAfter(room, 3, 10)).map((m) => m.seq)).toEqual([4, 5]);
    });

    it('refuses to append to a deleted room', async () => {
      const room = await newRoom();
      await store.rooms.markDeleted(room, Date.now());
      expect(await store.messages.append(text(room, 'late'))).toEqual({ status: 'room_gone' });
    });

    it('rolls a failed unit of work back completely', async () => {
      const room = await newRoom();
      await expect(
        store.transaction(async (tx) => {
          await tx.messages.append(text(room, null));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await store.rooms.findById(room))?.lastSeq).toBe(0);
      expect(await store.messages.listAfter(room, 0, 10)).toEqual([]);
    });
  });
}
