import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attachment, UserRef } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttachmentService, type AttachmentService } from '../src/domain/attachments.js';
import { createImageProcessor } from '../src/lib/image-processor.js';
import { openStore } from '../src/storage/db.js';
import { LocalBlobStore } from '../src/storage/local-blob-store.js';
import type { Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { blobFiles, png, tempFiles } from './helpers/uploads.js';

// Collection of unused uploads. The server runs it every 15 minutes with no way in from outside,
// so this drives the attachment service itself: a real store, real blob files, a clock we move.
const TTL_HOURS = 0.01; // 36 s
const TTL_MS = TTL_HOURS * 3_600_000;

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`collecting unused uploads on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    let dir: string;
    let blobs: LocalBlobStore;
    let service: AttachmentService;
    let now = 1_763_000_000_000;
    let alice: UserRef;
    let room: string;
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
      dir = mkdtempSync(join(tmpdir(), 'parley-gc-'));
      blobs = new LocalBlobStore(join(dir, 'blobs'));
      await blobs.init();
      service = createAttachmentService({
        store,
        blobs,
        images: createImageProcessor({ maxPixels: 40_000_000 }),
        clock: () => now,
        limits: { maxFileBytes: 1024 * 1024, maxImagePixels: 40_000_000, allowedTypes: ['*/*'], unusedTtlHours: TTL_HOURS },
      });
      alice = { id: randomUUID(), username: 'alice', displayName: 'Alice' };
      await store.users.create({ ...alice, bio: '', statusText: '', passwordHash: 'x', createdAt: now, avatarSmall: null, avatarLarge: null });
      room = randomUUID();
      await store.rooms.create({ id: room, name: 'r', description: '', visibility: 'public', createdAt: now, createdBy: alice.id });
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const put = async (bytes: Buffer, name: string) => service.upload(alice.id, await blobs.receiveBuffer(bytes), name);
    async function post(...attachments: Attachment[]): Promise<void> {
      const result = await store.messages.append({
        id: randomUUID(), roomId: room, kind: 'file', body: '', event: null, sender: alice,
        clientMsgId: randomUUID(), createdAt: now, attachments,
      });
      expect(result.status).toBe('created');
    }
    /** The blob hashes an attachment uses: its file, and its thumbnail if it has one. */
    async function hashesOf(a: Attachment): Promise<string[]> {
      const record = await store.attachments.findById(a.id);
      return [record!.sha256, ...(record!.thumbSha256 ? [record!.thumbSha256] : [])]; // the caller just uploaded it
    }
    const stored = async (hashes: string[]) => Promise.all(hashes.map(async (h) => (await blobs.stat(h)) !== undefined));

    it('removes an upload never posted within the TTL, row and blobs, and keeps posted and young ones', async () => {
      const unused = await put(await png(300, 200, '#f00'), 'unused.png');
      const posted = await put(randomBytes(500), 'posted.bin');
      await post(posted);
      const [unusedHashes, postedHashes] = [await hashesOf(unused), await hashesOf(posted)];
      expect(unusedHashes).toHaveLength(2);

      now += TTL_MS + 1;
      const young = await put(randomBytes(500), 'young.bin');
      const youngHashes = await hashesOf(young);
      await service.collectGarbage();

      expect(await store.attachments.findMany([unused.id, posted.id, young.id]).then((rs) => rs.map((r) => r.id).sort())).toEqual(
        [posted.id, young.id].sort(),
      );
      expect(await stored(unusedHashes)).toEqual([false, false]);
      expect(await stored([...postedHashes, ...youngHashes])).toEqual([true, true]);
    });

    it('keeps nothing back that is younger than the TTL', async () => {
      const fresh = await put(randomBytes(300), 'fresh.bin');
      now += TTL_MS - 1;
      await service.collectGarbage();
      expect((await store.attachments.findById(fresh.id))?.id).toBe(fresh.id);
      now += 2;
      await service.collectGarbage();
      expect(await store.attachments.findById(fresh.id)).toBeUndefined();
      expect(await stored([fresh.sha256])).toEqual([false]);
    });

    it('keeps a blob an expired upload shares with a posted attachment', async () => {
      const bytes = await png(200, 200, '#0f0');
      const posted = await put(bytes, 'kept.png');
      const copy = await put(bytes, 'copy.png');
      await post(posted);
      const shared = await hashesOf(posted);
      expect(await hashesOf(copy)).toEqual(shared);

      now += TTL_MS + 1;
      await service.collectGarbage();
      expect(await store.attachments.findById(copy.id)).toBeUndefined();
      expect(await stored(shared)).toEqual([true, true]);
    });

    it('leaves no temp files and only blobs that rows still use', async () => {
      now += TTL_MS + 1;
      await service.collectGarbage();
      const rows = await store.attachments.findMany(
        (await store.messages.listAfter(room, 0, 100)).flatMap((m) => m.attachments ?? []).map((a) => a.id),
      );
      const used = new Set(rows.flatMap((r) => [r.sha256, ...(r.thumbSha256 ? [r.thumbSha256] : [])]));
      expect(blobFiles(dir).map((f) => f.split('/').pop()).sort()).toEqual([...used].sort());
      expect(tempFiles(dir)).toEqual([]);
    });
  });
}
