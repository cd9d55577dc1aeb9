import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import type { Message, UserRef } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialect } from '../src/storage/dialect.js';
import { openStore } from '../src/storage/db.js';
import { replyExcerpt } from '../src/storage/reply-previews.js';
import type { Database } from '../src/storage/schema.js';
import type { MessageMeta, Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

// Reactions, reply previews and the history decoration that carries both, on every dialect.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`reaction and reply storage on ${dialect.name}`, () => {
    let scratch: ScratchDatabase;
    let store: Store;
    let raw: Kysely<Database>;
    const alice: UserRef = { id: randomUUID(), username: 'alice', displayName: 'Alice' };
    const bob: UserRef = { id: randomUUID(), username: 'bob', displayName: 'Bob' };
    const carol: UserRef = { id: randomUUID(), username: 'carol', displayName: '小红' };
    const dave: UserRef = { id: randomUUID(), username: 'dave', displayName: 'Dave' };

    beforeAll(async () => {
      scratch = await dialect.create();
      store = (await openStore({ databaseUrl: scratch.url, dataDir: '/nonexistent' })).store;
      raw = new Kysely<Database>({ dialect: (await createDialect(scratch.url)).dialect });
      for (const u of [alice, bob, carol, dave]) {
        await store.users.create({ ...u, bio: '', statusText: '', passwordHash: 'x', createdAt: 1, avatarSmall: null, avatarLarge: null });
      }
    });
    afterAll(async () => {
      await raw?.destroy();
      await store?.close();
      await scratch?.drop();
    });

    async function room(): Promise<string> {
      const id = randomUUID();
      await store.rooms.create({ id, name: id, description: '', visibility: 'public', createdAt: 1, createdBy: alice.id });
      for (const u of [alice, bob, carol]) await store.members.add(id, u.id, u === alice ? 'owner' : 'member', 1);
      return id;
    }
    async function post(roomId: string, body: string, meta?: MessageMeta, sender: UserRef = alice): Promise<Message> {
      const result = await store.messages.append({
        id: randomUUID(),
        roomId,
        kind: 'text',
        body,
        event: null,
        sender,
        clientMsgId: randomUUID(),
        createdAt: 1,
        attachments: [],
        ...(meta && { meta }),
      });
      if (result.status !== 'created') throw new Error(result.status);
      return result.message;
    }
    const react = (m: Message, emoji: string, user: UserRef, at: number) =>
      store.reactions.add({ messageId: m.id, roomId: m.roomId, emoji, userId: user.id, at });
    const page = async (roomId: string) => store.messages.listAfter(roomId, 0, 100);

    it('adds a reaction once and removes it once', async () => {
      const m = await post(await room(), 'hi');
      expect(await react(m, '👍', bob, 10)).toBe(true);
      expect(await react(m, '👍', bob, 11)).toBe(false);
      expect(await store.reactions.has(m.id, '👍', bob.id)).toBe(true);
      expect(await store.reactions.has(m.id, '👍', carol.id)).toBe(false);
      expect(await store.reactions.remove(m.id, '👍', bob.id)).toBe(true);
      expect(await store.reactions.remove(m.id, '👍', bob.id)).toBe(false);
      expect(await store.reactions.has(m.id, '👍', bob.id)).toBe(false);
    });

    it('answers an existing reaction with false inside a transaction that then still commits', async () => {
      const m = await post(await room(), 'hi');
      await react(m, '🎉', bob, 1);
      // On PostgreSQL a failed statement would abort the whole transaction; the repository must not cause one.
      const added = await store.transaction(async (tx) => {
        expect(await tx.reactions.add({ messageId: m.id, roomId: m.roomId, emoji: '🎉', userId: bob.id, at: 2 })).toBe(false);
        return tx.reactions.add({ messageId: m.id, roomId: m.roomId, emoji: '🎉', userId: carol.id, at: 3 });
      });
      expect(added).toBe(true);
      expect((await store.reactions.listFor([m.id])).get(m.id)).toEqual([
        { emoji: '🎉', count: 2, users: [{ id: bob.id, displayName: 'Bob' }, { id: carol.id, displayName: '小红' }] },
      ]);
    });

    it('lists emoji by first reaction and users oldest first, and counts different emoji', async () => {
      const roomId = await room();
      const [m, other] = [await post(roomId, 'one'), await post(roomId, 'two')];
      await react(m, '❤️', carol, 20);
      await react(m, '👍', bob, 10);
      await react(m, '❤️', alice, 30);
      await react(m, '👍', carol, 40);
      await react(other, '👀', alice, 5);
      const byMessage = await store.reactions.listFor([m.id, other.id]);
      expect(byMessage.get(m.id)).toEqual([
        { emoji: '👍', count: 2, users: [{ id: bob.id, displayName: 'Bob' }, { id: carol.id, displayName: '小红' }] },
        { emoji: '❤️', count: 2, users: [{ id: carol.id, displayName: '小红' }, { id: alice.id, displayName: 'Alice' }] },
      ]);
      expect(byMessage.get(other.id)).toEqual([{ emoji: '👀', count: 1, users: [{ id: alice.id, displayName: 'Alice' }] }]);
      expect(await store.reactions.countEmojis(m.id)).toBe(2);
      expect(await store.reactions.countEmojis(randomUUID())).toBe(0);
    });

    it('ranks a user’s emoji by use within the window, most recent first on a tie', async () => {
      const m = await post(await room(), 'x');
      const ms = [m, await post(m.roomId, 'y'), await post(m.roomId, 'z')];
      for (const [i, msg] of ms.entries()) await react(msg, '🚀', carol, 1000 + i);
      for (const [i, msg] of ms.slice(0, 2).entries()) await react(msg, '✅', carol, 2000 + i);
      await react(m, '🙂', carol, 3000);
      await react(ms[1]!, '🙃', carol, 3001);
      await react(m, '🦕', carol, 10); // before the window
      await react(m, '🐛', bob, 5000); // someone else's
      expect(await store.reactions.frequent(carol.id, 500, 8)).toEqual(['🚀', '✅', '🙃', '🙂']);
      expect(await store.reactions.frequent(carol.id, 500, 2)).toEqual(['🚀', '✅']);
      expect(await store.reactions.frequent(dave.id, 0, 8)).toEqual([]);
    });

    it('carries reactions on history pages, never on update or deleted messages', async () => {
      const roomId = await room();
      const [kept, gone] = [await post(roomId, 'kept'), await post(roomId, 'gone')];
      await react(kept, '👍', bob, 1);
      await react(gone, '👍', bob, 1);
      await raw.updateTable('messages').set({ deleted_at: 2, body: '' }).where('id', '=', gone.id).execute();
      const messages = await page(roomId);
      expect(messages.map((m) => [m.body, m.reactions])).toEqual([
        ['kept', [{ emoji: '👍', count: 1, users: [{ id: bob.id, displayName: 'Bob' }] }]],
        ['', undefined],
      ]);
      expect(Object.keys(messages[1]!)).not.toContain('reactions');
    });

    it('shows a reply’s original as it is now: current body and sender, then deleted', async () => {
      const roomId = await room();
      const original = await post(roomId, 'line one\n\n  line two', undefined, bob);
      const reply = await post(roomId, 'answer', { replyToId: original.id });
      const preview = { id: original.id, seq: original.seq, sender: bob, excerpt: 'line one line two', kind: 'text', deleted: false };
      expect((await page(roomId)).find((m) => m.id === reply.id)?.replyTo).toEqual(preview);
      expect(await store.messages.findByClientMsgId(alice.id, reply.clientMsgId!)).toMatchObject({ replyTo: preview });
      await raw.updateTable('messages').set({ body: 'edited **bold**', edited_at: 3 }).where('id', '=', original.id).execute();
      await raw.updateTable('users').set({ display_name: 'Robert' }).where('id', '=', bob.id).execute();
      expect((await page(roomId)).find((m) => m.id === reply.id)?.replyTo).toEqual({ ...preview, excerpt: 'edited **bold**', sender: { ...bob, displayName: 'Robert' } });
      await raw.updateTable('users').set({ display_name: 'Bob' }).where('id', '=', bob.id).execute();
      await raw.updateTable('messages').set({ body: '', deleted_at: 4 }).where('id', '=', original.id).execute();
      expect((await page(roomId)).find((m) => m.id === reply.id)?.replyTo).toEqual({ ...preview, sender: null, excerpt: '', deleted: true });
    });

    it('loads every reply preview of a page, and none from another room', async () => {
      const [roomId, elsewhere] = [await room(), await room()];
      const foreign = await post(elsewhere, 'not here');
      const first = await post(roomId, 'first');
      await post(roomId, 're 1', { replyToId: first.id });
      await post(roomId, 're 2', { replyToId: first.id });
      await post(roomId, 'smuggled', { replyToId: foreign.id });
      await post(roomId, 'dangling', { replyToId: randomUUID() });
      const byBody = new Map((await page(roomId)).map((m) => [m.body, m.replyTo?.id ?? null]));
      expect(Object.fromEntries(byBody)).toEqual({ first: null, 're 1': first.id, 're 2': first.id, smuggled: null, dangling: null });
    });

    it('finds a preview with its room and kind for the send check', async () => {
      const roomId = await room();
      const m = await post(roomId, 'x'.repeat(200));
      const found = await store.replies.findPreview(m.id);
      expect(found).toEqual({
        target: { id: m.id, roomId, kind: 'text', deleted: false, roomDeleted: false },
        preview: { id: m.id, seq: m.seq, sender: alice, excerpt: `${'x'.repeat(139)}…`, kind: 'text', deleted: false },
      });
      expect(await store.replies.findPreview(randomUUID())).toBeUndefined();
      await store.rooms.markDeleted(roomId, 5);
      expect((await store.reactions.findTarget(m.id))?.roomDeleted).toBe(true);
    });
  });
}

describe('a reply excerpt', () => {
  it('keeps markdown, joins lines with one space and counts code points', () => {
    expect(replyExcerpt('**hi**\r\n\r\n> quoted\n`code`')).toBe('**hi** > quoted `code`');
    expect(replyExcerpt('😀'.repeat(140))).toBe('😀'.repeat(140));
    expect(replyExcerpt('数'.repeat(141))).toBe(`${'数'.repeat(139)}…`);
    expect(replyExcerpt('')).toBe('');
  });
});
