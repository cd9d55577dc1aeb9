import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTokenRecord } from '../src/storage/access-token-types.js';
import { openStore } from '../src/storage/db.js';
import type { Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`access token storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    const now = Date.now();
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
    });
    afterAll(async () => {
      await store?.close();
      await db?.drop();
    });

    async function newUser(): Promise<string> {
      const id = randomUUID();
      const username = `u${id.slice(0, 8)}`;
      await store.users.create({ id, username, displayName: username, bio: '', statusText: '', passwordHash: 'x', createdAt: now, avatarSmall: null, avatarLarge: null });
      return id;
    }
    const token = (userId: string, extra: Partial<AccessTokenRecord> = {}): AccessTokenRecord => ({
      id: randomUUID(),
      userId,
      name: 'bot',
      tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
      scopes: ['read', 'write'],
      createdAt: now,
      lastUsedAt: null,
      expiresAt: null,
      ...extra,
    });

    it('stores a token by hash and finds it live with its user', async () => {
      const userId = await newUser();
      const t = token(userId, { expiresAt: now + 1000 });
      expect(await store.accessTokens.createWithin(t, 50, now)).toBe(true);
      const found = await store.accessTokens.findLive(t.tokenHash, now);
      expect(found?.token).toEqual(t);
      expect(found?.user.id).toBe(userId);
      expect(await store.accessTokens.findLive(t.tokenHash, now + 1000)).toBeUndefined();
      expect(await store.accessTokens.isLive(t.id, now + 1000)).toBe(false);
    });

    it('revokes only the owner’s live token', async () => {
      const userId = await newUser();
      const other = await newUser();
      const t = token(userId);
      await store.accessTokens.createWithin(t, 50, now);
      expect(await store.accessTokens.revoke(other, t.id, now)).toBe(false);
      expect(await store.accessTokens.isLive(t.id, now)).toBe(true);
      expect(await store.accessTokens.revoke(userId, t.id, now)).toBe(true);
      expect(await store.accessTokens.revoke(userId, t.id, now)).toBe(false);
      expect(await store.accessTokens.findLive(t.tokenHash, now)).toBeUndefined();
      expect(await store.accessTokens.listLive(userId, now)).toEqual([]);
    });

    it('counts only live tokens against the limit, even when created concurrently', async () => {
      const userId = await newUser();
      await store.accessTokens.createWithin(token(userId, { expiresAt: now - 1 }), 3, now - 10);
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.accessTokens.createWithin(token(userId), 3, now)));
      expect(results.filter(Boolean)).toHaveLength(3);
      expect(await store.accessTokens.listLive(userId, now)).toHaveLength(3);
    });

    it('touches lastUsedAt only when the last touch is older than the bound', async () => {
      const userId = await newUser();
      const t = token(userId);
      await store.accessTokens.createWithin(t, 50, now);
      await store.accessTokens.touch(t.id, now, now - 60_000);
      await store.accessTokens.touch(t.id, now + 30_000, now - 30_000);
      expect((await store.accessTokens.listLive(userId, now))[0]?.lastUsedAt).toBe(now);
      await store.accessTokens.touch(t.id, now + 61_000, now + 1_000);
      expect((await store.accessTokens.listLive(userId, now))[0]?.lastUsedAt).toBe(now + 61_000);
    });
  });
}
