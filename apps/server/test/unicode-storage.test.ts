import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/storage/db.js';
import type { Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

// Every engine stores text exactly and compares it the same way: 4-byte emoji and CJK round-trip,
// distinct emoji stay distinct (MySQL's utf8mb4_unicode_ci would hold 🍣 = 🍺), and search folds
// Latin case but not accents.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`unicode text on ${dialect.name}`, () => {
    let scratch: ScratchDatabase;
    let store: Store;
    const user = { id: randomUUID(), username: '寿司🍣fan', displayName: '寿司 🍣 Fan 😀' };
    const roomId = randomUUID();
    const bodies = ['Sushi 🍣 and beer 🍺 寿司', 'only beer 🍺 here', 'café crème', 'cafe plain', '𠜎𠜱 rare CJK'];

    beforeAll(async () => {
      scratch = await dialect.create();
      ({ store } = await openStore({ databaseUrl: scratch.url, dataDir: '/nonexistent' }));
      await store.users.create({ ...user, bio: '🙂 bio', statusText: '🚀', passwordHash: 'x', createdAt: 0, avatarSmall: null, avatarLarge: null });
      await store.rooms.create({ id: roomId, name: '房间 🏠 room', description: '描述 🌏', visibility: 'public', createdAt: 0, createdBy: user.id });
      await store.members.add(roomId, user.id, 'owner', 0);
      await store.messages.importMany(bodies.map((body, i) => ({
        id: randomUUID(), roomId, seq: i + 1, kind: 'text' as const, body, event: null, sender: user, clientMsgId: null, createdAt: new Date(1000 * (i + 1)).toISOString(),
      })));
    });
    afterAll(async () => {
      await store?.close();
      await scratch?.drop();
    });

    const search = async (text: string) =>
      (await store.search.findMessages({ userId: user.id, text, roomId: undefined, before: undefined, limit: 20 })).map((h) => h.body);

    it('round-trips 4-byte emoji and CJK in usernames, room names and bodies', async () => {
      expect(await store.users.findByUsername('寿司🍣FAN')).toMatchObject({ username: '寿司🍣fan', displayName: '寿司 🍣 Fan 😀', bio: '🙂 bio', statusText: '🚀' });
      expect(await store.rooms.findById(roomId)).toMatchObject({ name: '房间 🏠 room', description: '描述 🌏' });
      expect((await store.messages.listAfter(roomId, 0, 10)).map((m) => m.body)).toEqual(bodies);
    });

    it('keeps two different emoji reactions of one user apart', async () => {
      const [first] = await store.messages.listAfter(roomId, 0, 1);
      const reaction = { messageId: first!.id, roomId, userId: user.id, at: 1 };
      expect(await store.reactions.add({ ...reaction, emoji: '🍣' })).toBe(true);
      expect(await store.reactions.add({ ...reaction, emoji: '🍺' })).toBe(true);
      expect(await store.reactions.add({ ...reaction, emoji: '🍣' })).toBe(false);
      expect(await store.reactions.countEmojis(first!.id)).toBe(2);
    });

    it('finds an emoji, and only the messages that contain that one', async () => {
      expect(await search('🍣 and')).toEqual(['Sushi 🍣 and beer 🍺 寿司']);
      expect(await search('🍺 寿司')).toEqual(['Sushi 🍣 and beer 🍺 寿司']);
      expect(await search('beer 🍺')).toEqual(['only beer 🍺 here', 'Sushi 🍣 and beer 🍺 寿司']);
    });

    it('folds Latin case but keeps accents and rare CJK exact', async () => {
      expect(await search('SUSHI')).toEqual(['Sushi 🍣 and beer 🍺 寿司']);
      expect(await search('café')).toEqual(['café crème']);
      expect(await search('cafe')).toEqual(['cafe plain']);
      expect(await search('𠜎𠜱')).toEqual(['𠜎𠜱 rare CJK']);
    });
  });
}
