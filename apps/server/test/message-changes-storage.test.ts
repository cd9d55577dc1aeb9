import { randomUUID } from 'node:crypto';
import type { Message, UserRef } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAttachment } from '../src/storage/attachment-repository.js';
import { openStore } from '../src/storage/db.js';
import type { AttachmentRecord, MessageMeta, Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

// Edits, tombstones, the edit history and pins in storage, on every dialect.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`message change storage on ${dialect.name}`, () => {
    let scratch: ScratchDatabase;
    let store: Store;
    const alice: UserRef = { id: randomUUID(), username: 'alice', displayName: 'Alice' };
    const bob: UserRef = { id: randomUUID(), username: 'bob', displayName: 'Bob' };

    beforeAll(async () => {
      scratch = await dialect.create();
      store = (await openStore({ databaseUrl: scratch.url, dataDir: '/nonexistent' })).store;
      for (const u of [alice, bob]) {
        await store.users.create({ ...u, bio: '', statusText: '', passwordHash: 'x', createdAt: 1, avatarSmall: null, avatarLarge: null });
      }
    });
    afterAll(async () => {
      await store?.close();
      await scratch?.drop();
    });

    async function room(): Promise<string> {
      const id = randomUUID();
      await store.rooms.create({ id, name: id, description: '', visibility: 'public', createdAt: 1, createdBy: alice.id });
      for (const u of [alice, bob]) await store.members.add(id, u.id, u === alice ? 'owner' : 'member', 1);
      return id;
    }
    async function post(roomId: string, body: string, extra: { meta?: MessageMeta; attachments?: AttachmentRecord[] } = {}): Promise<Message> {
      const result = await store.messages.append({
        id: randomUUID(),
        roomId,
        kind: extra.attachments ? 'file' : 'text',
        body,
        event: null,
        sender: bob,
        clientMsgId: randomUUID(),
        createdAt: 1,
        attachments: (extra.attachments ?? []).map(toAttachment),
        ...(extra.meta && { meta: extra.meta }),
      });
      if (result.status !== 'created') throw new Error(result.status);
      return result.message;
    }
    async function upload(sha256: string, thumbSha256: string): Promise<AttachmentRecord> {
      const record: AttachmentRecord = {
        id: randomUUID(), uploaderId: bob.id, kind: 'file', name: 'f.bin', contentType: 'application/octet-stream', size: 3, sha256,
        width: null, height: null, thumbSha256, thumbWidth: null, thumbHeight: null, roomId: null, messageId: null, createdAt: 5,
      };
      await store.attachments.insert(record);
      return record;
    }
    const find = (text: string, roomId: string) =>
      store.search.findMessages({ userId: alice.id, text, roomId, before: undefined, limit: 10 }).then((hits) => hits.map((h) => h.messageId));

    it('replaces the body and meta, stamps editedAt, and search follows the new body', async () => {
      const roomId = await room();
      const m = await post(roomId, 'the 数据库 is down', { meta: { replyToId: randomUUID(), mentions: [alice.id] } });
      expect(await find('数据库', roomId)).toEqual([m.id]);
      await store.messageChanges.setBody(m.id, 'the cache is down', 5000, { mentions: [] });
      expect(await find('数据库', roomId)).toEqual([]);
      expect(await find('cache', roomId)).toEqual([m.id]);
      const stored = await store.messageChanges.findMessage(m.id);
      expect(stored).toMatchObject({ body: 'the cache is down', editedAt: new Date(5000).toISOString() });
      expect(stored?.mentions).toBeUndefined();
      expect(await store.messageChanges.findTarget(m.id)).toEqual({
        id: m.id, roomId, seq: m.seq, kind: 'text', body: 'the cache is down', senderId: bob.id, meta: { mentions: [] }, deleted: false, pinned: false, roomDeleted: false,
      });
    });

    it('tombstones once: body, pin, reactions, mentions and attachments go, and the blob hashes come back', async () => {
      const roomId = await room();
      const file = await upload('a'.repeat(64), 'b'.repeat(64));
      const m = await post(roomId, 'caption', { attachments: [file], meta: { mentions: [alice.id] } });
      await store.reactions.add({ messageId: m.id, roomId, emoji: '👍', userId: alice.id, at: 2 });
      expect(await store.messageChanges.pin(m.id, alice.id, 3)).toBe(true);
      expect(await store.messageChanges.markDeleted(m.id, 4000)).toEqual({ changed: true, blobHashes: ['a'.repeat(64), 'b'.repeat(64)] });
      expect(await store.messageChanges.markDeleted(m.id, 5000)).toEqual({ changed: false, blobHashes: [] });
      expect(await store.attachments.findById(file.id)).toBeUndefined();
      expect(await store.reactions.listFor([m.id])).toEqual(new Map());
      expect(await store.messageChanges.countPins(roomId)).toBe(0);
      const [stored] = await store.messages.listAfter(roomId, m.seq - 1, 1);
      expect(stored).toEqual({ ...m, body: '', attachments: undefined, mentions: undefined, deletedAt: new Date(4000).toISOString() });
      expect(await find('caption', roomId)).toEqual([]);
      expect(await store.messageChanges.pin(m.id, alice.id, 6)).toBe(false);
    });

    it('lists earlier bodies oldest first, the deletion last even within the same millisecond', async () => {
      const roomId = await room();
      const m = await post(roomId, 'v1');
      const record = (previousBody: string, editorId: string, at: number, deleted: boolean) =>
        store.messageChanges.recordEdit({ id: randomUUID(), messageId: m.id, roomId, previousBody, editorId, at, deleted });
      await record('v2', alice.id, 20, true);
      await record('v1', bob.id, 10, false);
      await record('v1b', bob.id, 20, false);
      expect(await store.messageChanges.listEdits(m.id)).toEqual([
        { body: 'v1', editedAt: 10, editor: bob, deleted: false },
        { body: 'v1b', editedAt: 20, editor: bob, deleted: false },
        { body: 'v2', editedAt: 20, editor: alice, deleted: true },
      ]);
      expect(await store.messageChanges.listEdits(randomUUID())).toEqual([]);
    });

    it('pins and unpins once each, counts per room, and lists newest pin first', async () => {
      const roomId = await room();
      const other = await room();
      const [a, b] = [await post(roomId, 'a'), await post(roomId, 'b')];
      const elsewhere = await post(other, 'c');
      expect(await store.messageChanges.pin(a.id, alice.id, 100)).toBe(true);
      expect(await store.messageChanges.pin(a.id, bob.id, 150)).toBe(false);
      expect(await store.messageChanges.pin(b.id, bob.id, 200)).toBe(true);
      expect(await store.messageChanges.pin(elsewhere.id, alice.id, 300)).toBe(true);
      expect(await store.messageChanges.countPins(roomId)).toBe(2);
      expect(await store.messageChanges.listPins(roomId, 50)).toEqual([
        { message: { ...b, pinned: true }, pinnedAt: 200, pinnedBy: bob },
        { message: { ...a, pinned: true }, pinnedAt: 100, pinnedBy: alice },
      ]);
      expect(await store.messageChanges.listPins(roomId, 1)).toHaveLength(1);
      expect(await store.messageChanges.unpin(a.id)).toBe(true);
      expect(await store.messageChanges.unpin(a.id)).toBe(false);
      expect((await store.messageChanges.listPins(roomId, 50)).map((p) => p.message.id)).toEqual([b.id]);
    });

    it('answers an unknown message with undefined', async () => {
      expect(await store.messageChanges.findTarget(randomUUID())).toBeUndefined();
      expect(await store.messageChanges.findMessage(randomUUID())).toBeUndefined();
    });
  });
}
