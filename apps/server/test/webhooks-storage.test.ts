import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/storage/db.js';
import type { Store } from '../src/storage/types.js';
import type { WebhookRecord } from '../src/storage/webhook-types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`webhook storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    let userId: string;
    const now = Date.now();
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
      userId = randomUUID();
      await store.users.create({ id: userId, username: `u${userId.slice(0, 8)}`, displayName: 'Owner', bio: '', statusText: '', passwordHash: 'x', createdAt: now, avatarSmall: null, avatarLarge: null });
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    async function newRoom(): Promise<string> {
      const id = randomUUID();
      await store.rooms.create({ id, name: 'r', description: '', visibility: 'public', createdAt: now, createdBy: userId });
      return id;
    }
    const webhook = (roomId: string, extra: Partial<WebhookRecord> = {}): WebhookRecord => ({
      id: randomUUID(),
      roomId,
      name: 'CI',
      secretHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
      createdBy: userId,
      createdAt: now,
      lastUsedAt: null,
      ...extra,
    });

    it('stores a webhook, finds it live by id and lists it with its creator, newest first', async () => {
      const roomId = await newRoom();
      const older = webhook(roomId, { createdAt: now - 1000 });
      const newer = webhook(roomId, { name: 'Deploys' });
      expect(await store.webhooks.createWithin(older, 20)).toBe(true);
      expect(await store.webhooks.createWithin(newer, 20)).toBe(true);
      expect(await store.webhooks.findLive(newer.id)).toEqual(newer);
      const listed = await store.webhooks.listLive(roomId);
      expect(listed.map((w) => w.id)).toEqual([newer.id, older.id]);
      expect(listed[0]).toMatchObject({ name: 'Deploys', createdBy: { id: userId, displayName: 'Owner' }, createdAt: now, lastUsedAt: null });
    });

    it('revokes only a live webhook of the named room', async () => {
      const roomId = await newRoom();
      const other = await newRoom();
      const w = webhook(roomId);
      await store.webhooks.createWithin(w, 20);
      expect(await store.webhooks.revoke(other, w.id, now)).toBe(false);
      expect(await store.webhooks.revoke(roomId, w.id, now)).toBe(true);
      expect(await store.webhooks.revoke(roomId, w.id, now)).toBe(false);
      expect(await store.webhooks.findLive(w.id)).toBeUndefined();
      expect(await store.webhooks.listLive(roomId)).toEqual([]);
    });

    it('does not find a webhook of a deleted room', async () => {
      const roomId = await newRoom();
      const w = webhook(roomId);
      await store.webhooks.createWithin(w, 20);
      await store.rooms.markDeleted(roomId, now);
      expect(await store.webhooks.findLive(w.id)).toBeUndefined();
    });

    it('refuses a webhook past the limit, also when creations race', async () => {
      const roomId = await newRoom();
      const results = await Promise.all(Array.from({ length: 6 }, () => store.webhooks.createWithin(webhook(roomId), 3)));
      expect(results.filter(Boolean)).toHaveLength(3);
      expect(await store.webhooks.listLive(roomId)).toHaveLength(3);
    });

    it('touches lastUsedAt only when the last write is older than the given time', async () => {
      const roomId = await newRoom();
      const w = webhook(roomId);
      await store.webhooks.createWithin(w, 20);
      await store.webhooks.touch(w.id, now + 1000, now);
      expect((await store.webhooks.findLive(w.id))?.lastUsedAt).toBe(now + 1000);
      await store.webhooks.touch(w.id, now + 2000, now + 500);
      expect((await store.webhooks.findLive(w.id))?.lastUsedAt).toBe(now + 1000);
      await store.webhooks.touch(w.id, now + 3000, now + 1000);
      expect((await store.webhooks.findLive(w.id))?.lastUsedAt).toBe(now + 3000);
    });
  });
}
