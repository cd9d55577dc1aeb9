import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import type { CreatedAccessToken, HistoryPage, Message, Reaction, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialect } from '../src/storage/dialect.js';
import { resolveDatabaseUrl } from '../src/storage/db.js';
import type { Database } from '../src/storage/schema.js';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, userRef, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// Reactions through the real server: REST changes, update events live and on resume, and refusals.
let server: TestServer;
let raw: Kysely<Database>;
let alice: Account;
let bob: Account;
let carol: Account;
beforeAll(async () => {
  server = await startServer();
  raw = new Kysely<Database>({ dialect: (await createDialect(resolveDatabaseUrl({ databaseUrl: server.config.databaseUrl, dataDir: server.config.dataDir }))).dialect });
  [alice, bob, carol] = (await Promise.all(['alice', 'bob', 'carol'].map((p) => registerUser(server.url, p)))) as [Account, Account, Account];
});
afterAll(async () => {
  await raw?.destroy();
  await server.close();
});

const path = (roomId: string, messageId: string, emoji: string) => `/api/rooms/${roomId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;
const put = (who: Account, m: Message, emoji: string) => api<{ reactions: Reaction[] }>(server.url, 'PUT', path(m.roomId, m.id, emoji), { token: who.accessToken });
const del = (who: Account, m: Message, emoji: string) => api<{ reactions: Reaction[] }>(server.url, 'DELETE', path(m.roomId, m.id, emoji), { token: who.accessToken });
const who = (a: Account) => ({ id: a.user.id, displayName: a.user.displayName });

/** A public room of Alice that Bob and Carol joined, and a message Alice posted in it. */
async function roomWithMessage(visibility: 'public' | 'private' = 'public'): Promise<{ room: Room; message: Message }> {
  const room = await createRoom(server.url, alice.accessToken, { visibility });
  for (const a of [bob, carol]) {
    if (visibility === 'private') await joinPrivate(server.url, alice.accessToken, a.accessToken, room.id);
    else expect((await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: a.accessToken })).status).toBe(200);
  }
  const socket = await connect(server.wsUrl, alice.accessToken);
  await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'ship it?' });
  await socket.close();
  return { room, message: (await history(room.id)).at(-1)! };
}

async function history(roomId: string, token = alice.accessToken): Promise<Message[]> {
  const res = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${roomId}/messages?after=0&limit=100`, { token });
  expect(res.status).toBe(200);
  return res.body.messages;
}
const updates = async (roomId: string) => (await history(roomId)).filter((m) => m.kind === 'update').map((m) => m.event);
const subscribed = async (a: Account, roomId: string): Promise<TestClient> => {
  const c = await connect(server.wsUrl, a.accessToken, [{ roomId }]);
  await c.next('room.subscribed');
  return c;
};

describe('reacting to a message', () => {
  it('shows a reaction to every subscriber as an update event and answers with the reactions', async () => {
    const { room, message } = await roomWithMessage();
    const watcher = await subscribed(alice, room.id);
    const res = await put(bob, message, '👍');
    expect(res).toEqual({ status: 200, body: { reactions: [{ emoji: '👍', count: 1, users: [who(bob)] }] } });
    const live = await watcher.next('message.created');
    expect(live.message).toEqual({
      id: expect.any(String),
      roomId: room.id,
      seq: message.seq + 1,
      kind: 'update',
      body: '',
      event: { type: 'reaction.added', messageId: message.id, emoji: '👍', user: userRef(bob) },
      sender: userRef(bob),
      clientMsgId: null,
      createdAt: expect.any(String),
    });
    expect((await del(bob, message, '👍')).body).toEqual({ reactions: [] });
    const removed = await watcher.next('message.created');
    expect(removed.message).toMatchObject({ seq: message.seq + 2, kind: 'update', event: { type: 'reaction.removed', messageId: message.id, emoji: '👍', user: userRef(bob) } });
    await watcher.close();
  });

  it('adds a reaction once: a repeated PUT answers 200 and stores no second event', async () => {
    const { room, message } = await roomWithMessage();
    const first = await put(bob, message, '🎉');
    const again = await put(bob, message, '🎉');
    expect(again).toEqual(first);
    expect(again.body.reactions).toEqual([{ emoji: '🎉', count: 1, users: [who(bob)] }]);
    expect(await updates(room.id)).toEqual([{ type: 'reaction.added', messageId: message.id, emoji: '🎉', user: userRef(bob) }]);
  });

  it('answers removing a reaction that is not there with 204 and stores no event', async () => {
    const { room, message } = await roomWithMessage();
    expect(await del(bob, message, '🎉')).toEqual({ status: 204, body: undefined });
    await put(carol, message, '🎉');
    expect(await del(bob, message, '🎉')).toEqual({ status: 204, body: undefined });
    expect(await updates(room.id)).toEqual([{ type: 'reaction.added', messageId: message.id, emoji: '🎉', user: userRef(carol) }]);
  });

  it('counts one emoji however it was typed: ❤ and ❤️ are the same reaction', async () => {
    const { message } = await roomWithMessage();
    await put(bob, message, '❤');
    expect((await put(carol, message, '❤️')).body.reactions).toEqual([{ emoji: '❤️', count: 2, users: [who(bob), who(carol)] }]);
    expect(await del(bob, message, '❤️')).toMatchObject({ status: 200, body: { reactions: [{ emoji: '❤️', count: 1, users: [who(carol)] }] } });
  });

  it('shows counts and who reacted in history, emoji by first reaction and users oldest first', async () => {
    const { room, message } = await roomWithMessage();
    await put(carol, message, '🚀');
    await put(bob, message, '👀');
    await put(alice, message, '🚀');
    await put(bob, message, '🚀');
    const shown = (await history(room.id, bob.accessToken)).find((m) => m.id === message.id);
    expect(shown?.reactions).toEqual([
      { emoji: '🚀', count: 3, users: [who(carol), who(alice), who(bob)] },
      { emoji: '👀', count: 1, users: [who(bob)] },
    ]);
  });

  it('refuses a 21st different emoji but still takes more of the first 20', async () => {
    const { room, message } = await roomWithMessage();
    const twenty = ['😀', '😃', '😄', '😁', '😆', '😅', '🤣', '😂', '🙂', '🙃', '😉', '😊', '😇', '🥰', '😍', '🤩', '😘', '😗', '😚', '😙'];
    for (const e of twenty) expect((await put(alice, message, e)).status).toBe(200);
    expect(await put(bob, message, '🥲')).toEqual({ status: 409, body: errorBody('reaction_limit') });
    expect((await put(bob, message, '😙')).body.reactions).toHaveLength(20);
    const events = await updates(room.id);
    expect(events).toHaveLength(21);
    expect(events.some((e) => e?.type === 'reaction.added' && e.emoji === '🥲')).toBe(false);
  });

  it('stores one event when the same reaction arrives several times at once', async () => {
    const { room, message } = await roomWithMessage();
    const answers = await Promise.all(Array.from({ length: 6 }, () => put(bob, message, '👏')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await updates(room.id)).toEqual([{ type: 'reaction.added', messageId: message.id, emoji: '👏', user: userRef(bob) }]);
    await Promise.all(Array.from({ length: 6 }, () => del(bob, message, '👏')));
    expect((await updates(room.id)).map((e) => e?.type)).toEqual(['reaction.added', 'reaction.removed']);
  });

  it('keeps the 20-emoji limit when new emoji race for the last place', async () => {
    const { room, message } = await roomWithMessage();
    const nineteen = ['🍏', '🍎', '🍐', '🍊', '🍋', '🍌', '🍉', '🍇', '🍓', '🫐', '🍈', '🍒', '🍑', '🥭', '🍍', '🥥', '🥝', '🍅', '🍆'];
    for (const e of nineteen) await put(alice, message, e);
    const racers = ['🥑', '🥦', '🥬', '🥒', '🌶️'];
    const answers = await Promise.all(racers.map((e) => put(bob, message, e)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const shown = (await history(room.id)).find((m) => m.id === message.id);
    expect(shown?.reactions).toHaveLength(20);
    expect(await updates(room.id)).toHaveLength(20);
  });

  it('counts a reaction as reading the room up to it, on every device of the reactor', async () => {
    const { room, message } = await roomWithMessage();
    const device = await connect(server.wsUrl, bob.accessToken);
    await put(bob, message, '👍');
    const state = await device.next('membership.updated', (f) => f.roomId === room.id);
    expect(state).toMatchObject({ roomId: room.id, lastReadSeq: message.seq + 1, unreadCount: 0, mentionCount: 0 });
    await device.close();
  });

  it('replays reactions added and removed while a client was offline, in order', async () => {
    const { room, message } = await roomWithMessage();
    await put(carol, message, '👍');
    await put(bob, message, '❤️');
    await del(carol, message, '👍');
    const resumed = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id, afterSeq: message.seq }]);
    await resumed.next('room.subscribed');
    expect(resumed.messages(room.id).map((m) => [m.seq, m.event])).toEqual([
      [message.seq + 1, { type: 'reaction.added', messageId: message.id, emoji: '👍', user: userRef(carol) }],
      [message.seq + 2, { type: 'reaction.added', messageId: message.id, emoji: '❤️', user: userRef(bob) }],
      [message.seq + 3, { type: 'reaction.removed', messageId: message.id, emoji: '👍', user: userRef(carol) }],
    ]);
    await resumed.close();
  });

  it('offers the caller’s most used emoji first, filled up with the defaults', async () => {
    const dora = await registerUser(server.url, 'dora');
    const defaults = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'];
    const frequent = () => api(server.url, 'GET', '/api/me/reactions/frequent', { token: dora.accessToken });
    expect(await frequent()).toEqual({ status: 200, body: { emojis: defaults } });
    const { room } = await roomWithMessage();
    expect((await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: dora.accessToken })).status).toBe(200);
    const [one, two] = [await roomWithMessage(), await roomWithMessage()].map((r) => r.message) as [Message, Message];
    for (const r of [one, two]) expect((await api(server.url, 'POST', `/api/rooms/${r.roomId}/join`, { token: dora.accessToken })).status).toBe(200);
    await put(dora, one, '🚀');
    await put(dora, two, '🚀');
    await put(dora, one, '👍');
    expect((await frequent()).body).toEqual({ emojis: ['🚀', '👍', '❤️', '😂', '🎉', '😮', '😢', '🙏'] });
  });
});

describe('refusing a reaction', () => {
  it('refuses someone who left the room, and someone who was removed from it', async () => {
    const { room, message } = await roomWithMessage();
    expect((await api(server.url, 'POST', `/api/rooms/${room.id}/leave`, { token: bob.accessToken })).status).toBe(204);
    expect(await put(bob, message, '👍')).toEqual({ status: 403, body: errorBody('not_room_member') });
    expect(await del(bob, message, '👍')).toEqual({ status: 403, body: errorBody('not_room_member') });
    expect((await api(server.url, 'DELETE', `/api/rooms/${room.id}/members/${carol.user.id}`, { token: alice.accessToken })).status).toBe(204);
    expect(await put(carol, message, '👍')).toEqual({ status: 403, body: errorBody('not_room_member') });
    expect(await updates(room.id)).toEqual([]);
  });

  it('answers a non-member of a private room as for a room that does not exist, and stores nothing', async () => {
    const { room, message } = await roomWithMessage('private');
    const outsider = await registerUser(server.url, 'outsider');
    const unknown = { ...message, roomId: randomUUID() };
    for (const send of [put, del]) {
      const res = await send(outsider, message, '👍');
      expect(res).toEqual({ status: 404, body: errorBody('room_not_found') });
      expect(res).toEqual(await send(outsider, unknown, '👍'));
    }
    expect(await updates(room.id)).toEqual([]);
    expect((await history(room.id)).find((m) => m.id === message.id)?.reactions).toBeUndefined();
  });

  it('answers a message of another room, or none, as message_not_found', async () => {
    const { message } = await roomWithMessage();
    const { room: other } = await roomWithMessage();
    expect(await put(bob, { ...message, roomId: other.id }, '👍')).toEqual({ status: 404, body: errorBody('message_not_found') });
    expect(await put(bob, { ...message, id: randomUUID() }, '👍')).toEqual({ status: 404, body: errorBody('message_not_found') });
    expect((await history(message.roomId)).find((m) => m.id === message.id)?.reactions).toBeUndefined();
  });

  it('refuses system messages, update messages and deleted messages', async () => {
    const { room, message } = await roomWithMessage();
    await put(bob, message, '👍');
    const all = await history(room.id);
    const system = all.find((m) => m.kind === 'system')!;
    const update = all.find((m) => m.kind === 'update')!;
    for (const target of [system, update]) expect(await put(bob, target, '👍')).toEqual({ status: 409, body: errorBody('message_not_reactable') });
    await raw.updateTable('messages').set({ body: '', deleted_at: Date.now() }).where('id', '=', message.id).execute();
    expect(await put(carol, message, '🎉')).toEqual({ status: 409, body: errorBody('message_not_reactable') });
    expect(await del(bob, message, '👍')).toEqual({ status: 409, body: errorBody('message_not_reactable') });
    expect(await updates(room.id)).toHaveLength(1);
  });

  it.each([
    ['nothing', ''],
    ['text', 'abc'],
    ['two emoji', '👍👍'],
    ['an emoji with text', '👍ok'],
    ['100 characters', 'x'.repeat(100)],
    ['a space', ' '],
    ['a lone regional indicator', '🇨'],
  ])('refuses %s as the emoji with 400 invalid_request', async (_what, emoji) => {
    const { room, message } = await roomWithMessage();
    expect(await put(bob, message, emoji)).toEqual({ status: 400, body: invalidRequest('params.emoji') });
    expect(await del(bob, message, emoji)).toEqual({ status: 400, body: invalidRequest('params.emoji') });
    expect(await updates(room.id)).toEqual([]);
  });

  it('refuses a read-only access token with insufficient_scope but lets it read the picker', async () => {
    const { room, message } = await roomWithMessage();
    const pat = await api<CreatedAccessToken>(server.url, 'POST', '/api/me/access-tokens', { token: bob.accessToken, body: { name: 'reader', scopes: ['read'] } });
    const token = pat.body.token;
    for (const method of ['PUT', 'DELETE']) {
      const res = await api(server.url, method, path(room.id, message.id, '👍'), { token });
      expect({ method, ...res }).toEqual({ method, status: 403, body: errorBody('insufficient_scope') });
    }
    expect((await api(server.url, 'GET', '/api/me/reactions/frequent', { token })).status).toBe(200);
    expect(await updates(room.id)).toEqual([]);
  });
});
