import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import { UNREAD_CAP, type UserRef } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialect } from '../src/storage/dialect.js';
import { openStore } from '../src/storage/db.js';
import type { Database } from '../src/storage/schema.js';
import type { MentionTargets, Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

// Mention rows and the capped mention count in storage, on every dialect.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`mention storage on ${dialect.name}`, () => {
    let scratch: ScratchDatabase;
    let store: Store;
    let raw: Kysely<Database>;
    const users: Record<'alice' | 'bob' | 'carol' | 'dave', UserRef> = {
      alice: { id: randomUUID(), username: 'Alice', displayName: 'Alice' },
      bob: { id: randomUUID(), username: 'bob', displayName: 'Bob' },
      carol: { id: randomUUID(), username: '小明同学', displayName: 'Carol' },
      dave: { id: randomUUID(), username: 'dave', displayName: 'Dave' },
    };
    const { alice, bob, carol, dave } = users;

    beforeAll(async () => {
      scratch = await dialect.create();
      store = (await openStore({ databaseUrl: scratch.url, dataDir: '/nonexistent' })).store;
      raw = new Kysely<Database>({ dialect: (await createDialect(scratch.url)).dialect });
      for (const u of Object.values(users)) {
        await store.users.create({ ...u, bio: '', statusText: '', passwordHash: 'x', createdAt: 1, avatarSmall: null, avatarLarge: null });
      }
    });
    afterAll(async () => {
      await raw?.destroy();
      await store?.close();
      await scratch?.drop();
    });

    /** A room of Alice (owner), Bob and Carol; Dave is not a member. */
    async function room(): Promise<string> {
      const id = randomUUID();
      await store.rooms.create({ id, name: id, description: '', visibility: 'public', createdAt: 1, createdBy: alice.id });
      await store.members.add(id, alice.id, 'owner', 1);
      await store.members.add(id, bob.id, 'member', 1);
      await store.members.add(id, carol.id, 'member', 1);
      return id;
    }
    const append = async (roomId: string, targets: MentionTargets | undefined, sender: UserRef = alice) => {
      const result = await store.messages.append({
        id: randomUUID(),
        roomId,
        kind: 'text',
        body: 'x',
        event: null,
        sender,
        clientMsgId: randomUUID(),
        createdAt: 1,
        attachments: [],
        ...(targets && { mentionTargets: targets }),
      });
      if (result.status !== 'created') throw new Error(result.status);
      return result.message;
    };
    const mentionCounts = async (roomId: string) =>
      Promise.all([alice, bob, carol].map(async (u) => (await store.members.findReadState(roomId, u.id))?.mentionCount));
    const rows = async (roomId: string) =>
      (await raw.selectFrom('message_mentions').select(['user_id', 'seq']).where('room_id', '=', roomId).orderBy('seq').orderBy('user_id').execute()).map(
        (r) => [r.user_id, Number(r.seq)],
      );

    it('finds current members by username, case-insensitively, and nobody else', async () => {
      const id = await room();
      const found = await store.mentions.findMembersByUsername(id, ['ALICE', 'Bob', '小明同学', 'dave', 'nobody']);
      expect(Object.fromEntries(found)).toEqual({ ALICE: alice.id, Bob: bob.id, 小明同学: carol.id });
    });

    it('writes rows for named members only, never for the sender or a non-member', async () => {
      const id = await room();
      const m = await append(id, { everyone: false, userIds: [bob.id, alice.id, dave.id, bob.id] });
      expect(await rows(id)).toEqual([[bob.id, m.seq]]);
      expect(await mentionCounts(id)).toEqual([0, 1, 0]);
    });

    it('writes a row for every member but the sender for everyone', async () => {
      const id = await room();
      const m = await append(id, { everyone: true, userIds: [] });
      expect(await rows(id)).toEqual([bob.id, carol.id].sort().map((u) => [u, m.seq]));
      expect(await mentionCounts(id)).toEqual([0, 1, 1]);
    });

    it('writes nothing for a message that mentions nobody', async () => {
      const id = await room();
      await append(id, undefined);
      await append(id, { everyone: false, userIds: [] });
      expect(await rows(id)).toEqual([]);
    });

    it(`stops the mention count at UNREAD_CAP (${UNREAD_CAP}) and counts only past the read marker`, async () => {
      const id = await room();
      const total = UNREAD_CAP + 25;
      await store.transaction(async (tx) => {
        for (let i = 0; i < total; i++) {
          const r = await tx.messages.append({
            id: randomUUID(),
            roomId: id,
            kind: 'text',
            body: `m${i}`,
            event: null,
            sender: alice,
            clientMsgId: null,
            createdAt: 1,
            attachments: [],
            mentionTargets: { everyone: false, userIds: [bob.id] },
          });
          if (r.status !== 'created') throw new Error(r.status);
        }
      });
      const listing = (await store.rooms.listVisibleTo(bob.id)).find((r) => r.id === id);
      expect(listing).toMatchObject({ unreadCount: UNREAD_CAP, mentionCount: UNREAD_CAP });
      expect(await store.members.advanceReadMarker(id, bob.id, total - 10)).toBe(true);
      expect(await store.members.findReadState(id, bob.id)).toEqual({ lastReadSeq: total - 10, unreadCount: 10, mentionCount: 10, muted: false });
      expect((await store.rooms.listVisibleTo(carol.id)).find((r) => r.id === id)).toMatchObject({ mentionCount: 0 });
    });

    it('leaves deleted messages out of the mention count', async () => {
      const id = await room();
      const kept = await append(id, { everyone: false, userIds: [bob.id] });
      const gone = await append(id, { everyone: false, userIds: [bob.id] });
      await raw.updateTable('messages').set({ deleted_at: 2 }).where('id', '=', gone.id).execute();
      expect(await mentionCounts(id)).toEqual([0, 1, 0]);
      expect(kept.seq).toBeLessThan(gone.seq);
    });

    it('replaces the rows of an edited message, keeping its seq', async () => {
      const id = await room();
      const m = await append(id, { everyone: false, userIds: [bob.id] });
      await store.transaction((tx) => tx.mentions.replaceForMessage({ id: m.id, roomId: id, seq: m.seq, senderId: alice.id }, { everyone: false, userIds: [carol.id] }));
      expect(await rows(id)).toEqual([[carol.id, m.seq]]);
      await store.mentions.replaceForMessage({ id: m.id, roomId: id, seq: m.seq, senderId: alice.id }, { everyone: false, userIds: [] });
      expect(await rows(id)).toEqual([]);
      expect(await mentionCounts(id)).toEqual([0, 0, 0]);
    });

  });
}
