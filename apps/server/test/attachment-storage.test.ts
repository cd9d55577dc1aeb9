import { createHash, randomUUID } from 'node:crypto';
import type { UserRef } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/storage/db.js';
import { toAttachment } from '../src/storage/attachment-repository.js';
import type { AttachmentRecord, NewMessage, Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

const hashOf = (label: string) => createHash('sha256').update(label).digest('hex');

// The attachment repository and its part in message.append, on every dialect.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`attachment storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    let second: Store;
    let alice: UserRef;
    let bob: UserRef;
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
      // A second pool stands in for a second server instance on PostgreSQL (see storage.test.ts).
      second = dialect.name === 'postgres' ? (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store : store;
      alice = { id: randomUUID(), username: 'alice', displayName: 'Alice' };
      bob = { id: randomUUID(), username: 'bob', displayName: 'Bob' };
      for (const u of [alice, bob]) {
        await store.users.create({ ...u, bio: '', statusText: '', passwordHash: 'x', createdAt: 1, avatarSmall: null, avatarLarge: null });
      }
    });
    afterAll(async () => {
      await store?.close();
      if (second !== store) await second?.close();
      await db?.drop();
    });

    async function newRoom(): Promise<string> {
      const id = randomUUID();
      await store.rooms.create({ id, name: 'r', description: '', visibility: 'public', createdAt: 1, createdBy: alice.id });
      return id;
    }
    async function upload(owner: UserRef, sha256: string, fields: Partial<AttachmentRecord> = {}): Promise<AttachmentRecord> {
      const record: AttachmentRecord = {
        id: randomUUID(), uploaderId: owner.id, kind: 'file', name: 'f.bin', contentType: 'application/octet-stream', size: 3, sha256,
        width: null, height: null, thumbSha256: null, thumbWidth: null, thumbHeight: null, roomId: null, messageId: null, createdAt: 5_000_000,
        ...fields,
      };
      await store.attachments.insert(record);
      return record;
    }
    const message = (roomId: string, sender: UserRef, attachments: AttachmentRecord[], clientMsgId: string = randomUUID()): NewMessage => ({
      id: randomUUID(), roomId, kind: 'file', body: '', event: null, sender, clientMsgId, createdAt: 2000, attachments: attachments.map(toAttachment),
    });
    const lastSeq = async (roomId: string) => (await store.rooms.findById(roomId))!.lastSeq; // rooms here are never removed

    it('round-trips every field of an attachment record', async () => {
      const image = await upload(alice, hashOf('img'), {
        kind: 'image', name: '报告 final.png', contentType: 'image/png', size: 5_000_000_000, width: 1200, height: 900,
        thumbSha256: hashOf('img-thumb'), thumbWidth: 480, thumbHeight: 360, createdAt: 1_763_000_000_123,
      });
      expect(await store.attachments.findById(image.id)).toEqual(image);
      expect(await store.attachments.findMany([image.id, randomUUID()])).toEqual([image]);
    });

    it('links uploads to a message in the order given, and lists them with it', async () => {
      const room = await newRoom();
      const [a, b, c] = [await upload(alice, hashOf('a')), await upload(alice, hashOf('b')), await upload(alice, hashOf('c'))];
      const result = await store.messages.append(message(room, alice, [c, a, b], 'ordered'));
      expect(result.status).toBe('created');
      const [stored] = await store.messages.listAfter(room, 0, 10);
      expect(stored?.attachments?.map((x) => x.id)).toEqual([c.id, a.id, b.id]);
      expect((await store.messages.findByClientMsgId(alice.id, 'ordered'))?.attachments?.map((x) => x.id)).toEqual([c.id, a.id, b.id]);
      expect(await store.attachments.findById(a.id)).toEqual({ ...a, roomId: room, messageId: stored?.id });
    });

    it('rolls the whole append back, seq included, when an upload is already posted', async () => {
      const room = await newRoom();
      const [used, fresh] = [await upload(alice, hashOf('used')), await upload(alice, hashOf('fresh'))];
      expect((await store.messages.append(message(room, alice, [used]))).status).toBe('created');
      expect(await store.messages.append(message(room, alice, [fresh, used]))).toEqual({ status: 'attachments_unavailable' });
      expect(await lastSeq(room)).toBe(1);
      expect((await store.messages.listAfter(room, 0, 10)).map((m) => m.seq)).toEqual([1]);
      expect((await store.attachments.findById(fresh.id))?.messageId).toBeNull();
    });

    it("refuses, inside the transaction, to link someone else's upload", async () => {
      const room = await newRoom();
      const theirs = await upload(bob, hashOf('theirs'));
      expect(await store.messages.append(message(room, alice, [theirs]))).toEqual({ status: 'attachments_unavailable' });
      expect([await lastSeq(room), (await store.attachments.findById(theirs.id))?.messageId]).toEqual([0, null]);
    });

    it('lets exactly one of many concurrent messages claim an upload, with gap-free seqs', async () => {
      const room = await newRoom();
      const contested = await upload(alice, hashOf('contested'));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? store : second).messages.append(message(room, alice, [contested]))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([...Array<string>(9).fill('attachments_unavailable'), 'created']);
      expect((await store.messages.listAfter(room, 0, 10)).map((m) => m.seq)).toEqual([1]);
      expect(await lastSeq(room)).toBe(1);
    });

    it('deletes a room’s attachments and returns each blob they used once', async () => {
      const [doomed, kept] = [await newRoom(), await newRoom()];
      const shared = hashOf('shared');
      const x = await upload(alice, shared, { kind: 'image', thumbSha256: hashOf('x-thumb') });
      const y = await upload(alice, shared, { kind: 'image', thumbSha256: hashOf('x-thumb') });
      const z = await upload(alice, hashOf('z'));
      const elsewhere = await upload(alice, shared);
      const pending = await upload(alice, hashOf('pending'));
      await store.messages.append(message(doomed, alice, [x, y, z]));
      await store.messages.append(message(kept, alice, [elsewhere]));

      expect((await store.attachments.deleteForRoom(doomed)).sort()).toEqual([shared, hashOf('x-thumb'), hashOf('z')].sort());
      const left = await store.attachments.findMany([x.id, y.id, z.id, elsewhere.id, pending.id]);
      expect(left.sort((p, q) => p.id.localeCompare(q.id))).toEqual(
        [{ ...elsewhere, roomId: kept, messageId: expect.any(String) }, pending].sort((p, q) => p.id.localeCompare(q.id)),
      );
      expect(await store.attachments.deleteForRoom(doomed)).toEqual([]);
    });

    it('knows whether any attachment still uses a blob, as the file or as the thumbnail', async () => {
      const room = await newRoom();
      const [main, thumb] = [hashOf('ref-main'), hashOf('ref-thumb')];
      await upload(alice, main, { kind: 'image', thumbSha256: thumb });
      const posted = await upload(alice, hashOf('ref-posted'));
      await store.messages.append(message(room, alice, [posted]));
      expect(await Promise.all([main, thumb, hashOf('ref-posted'), hashOf('ref-never')].map((h) => store.attachments.isBlobReferenced(h)))).toEqual([
        true, true, true, false,
      ]);
      await store.attachments.deleteForRoom(room);
      expect(await store.attachments.isBlobReferenced(hashOf('ref-posted'))).toBe(false);
    });

    it('deletes only unused uploads created before the cut-off, returning their blobs', async () => {
      const room = await newRoom();
      const old = await upload(bob, hashOf('gc-old'), { createdAt: 10, kind: 'image', thumbSha256: hashOf('gc-old-thumb') });
      const young = await upload(bob, hashOf('gc-young'), { createdAt: 20 });
      const postedOld = await upload(bob, hashOf('gc-posted'), { createdAt: 10 });
      await store.messages.append(message(room, bob, [postedOld]));
      expect((await store.attachments.deleteUnusedBefore(15)).sort()).toEqual([hashOf('gc-old'), hashOf('gc-old-thumb')].sort());
      expect((await store.attachments.findMany([old.id, young.id, postedOld.id])).map((r) => r.id).sort()).toEqual([young.id, postedOld.id].sort());
    });
  });
}
