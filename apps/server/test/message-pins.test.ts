import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import type { HistoryPage, Message, Pins, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialect } from '../src/storage/dialect.js';
import { resolveDatabaseUrl } from '../src/storage/db.js';
import type { Database } from '../src/storage/schema.js';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, userRef, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

// Pinned messages through the real server: who may pin, the listing, the limit and the system events.
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

const pinPath = (m: Pick<Message, 'roomId' | 'id'>) => `/api/rooms/${m.roomId}/pins/${m.id}`;
const pin = (who: Account, m: Pick<Message, 'roomId' | 'id'>) => api(server.url, 'PUT', pinPath(m), { token: who.accessToken });
const unpin = (who: Account, m: Pick<Message, 'roomId' | 'id'>) => api(server.url, 'DELETE', pinPath(m), { token: who.accessToken });
const pins = (who: Account, roomId: string) => api<Pins>(server.url, 'GET', `/api/rooms/${roomId}/pins`, { token: who.accessToken });

/** A room of Alice (owner) with Bob (member) and Carol (admin). */
async function room(visibility: 'public' | 'private' = 'public'): Promise<Room> {
  const r = await createRoom(server.url, alice.accessToken, { visibility });
  for (const a of [bob, carol]) {
    if (visibility === 'private') await joinPrivate(server.url, alice.accessToken, a.accessToken, r.id);
    else expect((await api(server.url, 'POST', `/api/rooms/${r.id}/join`, { token: a.accessToken })).status).toBe(200);
  }
  expect((await api(server.url, 'POST', `/api/rooms/${r.id}/members/${carol.user.id}/role`, { token: alice.accessToken, body: { role: 'admin' } })).status).toBe(200);
  return r;
}

async function say(who: Account, roomId: string, body: string): Promise<Message> {
  const ws = await connect(server.wsUrl, who.accessToken);
  const reply = await ws.request({ type: 'message.send', roomId, clientMsgId: randomUUID(), body });
  await ws.close();
  if (reply.type !== 'message.acked') throw new Error(JSON.stringify(reply));
  return (await history(roomId)).find((m) => m.seq === reply.seq)!;
}
async function history(roomId: string): Promise<Message[]> {
  const res = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${roomId}/messages?after=0&limit=100`, { token: alice.accessToken });
  return res.body.messages;
}
const pinEvents = async (roomId: string) =>
  (await history(roomId)).filter((m) => m.event?.type === 'message.pinned' || m.event?.type === 'message.unpinned').map((m) => m.event);

describe('pinning a message', () => {
  it('pins for owners and admins, shows a system message live, and lists pins newest first for any reader', async () => {
    const r = await room();
    const first = await say(bob, r.id, 'read the runbook');
    const second = await say(bob, r.id, 'on-call rota');
    const watcher = await connect(server.wsUrl, bob.accessToken, [{ roomId: r.id }]);
    await watcher.next('room.subscribed');
    expect(await pin(alice, first)).toEqual({ status: 204, body: undefined });
    const live = await watcher.next('message.created');
    expect(live.message).toMatchObject({ kind: 'system', sender: null, body: `${alice.user.displayName} pinned a message`, event: { type: 'message.pinned', messageId: first.id, by: userRef(alice) } });
    expect(await pin(carol, second)).toEqual({ status: 204, body: undefined });
    const reader = await registerUser(server.url, 'reader');
    const listed = await pins(reader, r.id);
    expect(listed).toEqual({
      status: 200,
      body: {
        pins: [
          { message: { ...second, pinned: true }, pinnedAt: expect.any(String), pinnedBy: userRef(carol) },
          { message: { ...first, pinned: true }, pinnedAt: expect.any(String), pinnedBy: userRef(alice) },
        ],
      },
    });
    expect((await history(r.id)).find((m) => m.id === first.id)?.pinned).toBe(true);
    await watcher.close();
  });

  it('pins and unpins idempotently: repeats answer 204 and store no event', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'pin me');
    expect(await pin(alice, m)).toEqual({ status: 204, body: undefined });
    expect(await pin(carol, m)).toEqual({ status: 204, body: undefined });
    expect(await unpin(carol, m)).toEqual({ status: 204, body: undefined });
    expect(await unpin(alice, m)).toEqual({ status: 204, body: undefined });
    expect(await pinEvents(r.id)).toEqual([
      { type: 'message.pinned', messageId: m.id, by: userRef(alice) },
      { type: 'message.unpinned', messageId: m.id, by: userRef(carol) },
    ]);
    expect((await pins(bob, r.id)).body).toEqual({ pins: [] });
    expect((await history(r.id)).find((x) => x.id === m.id)?.pinned).toBeUndefined();
  });

  it('stores one pin event when two moderators pin the same message at once', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'both want it');
    const answers = await Promise.all([alice, carol, alice, carol].map((who) => pin(who, m)));
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204]);
    expect((await pinEvents(r.id)).map((e) => e?.type)).toEqual(['message.pinned']);
  });

  it('refuses members with insufficient_role', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'my own message');
    expect(await pin(bob, m)).toEqual({ status: 403, body: errorBody('insufficient_role') });
    await pin(alice, m);
    expect(await unpin(bob, m)).toEqual({ status: 403, body: errorBody('insufficient_role') });
    expect(await pinEvents(r.id)).toHaveLength(1);
  });

  it('refuses deleted, system and update messages with message_not_editable', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'going away');
    expect((await api(server.url, 'DELETE', `/api/rooms/${r.id}/messages/${m.id}`, { token: bob.accessToken })).status).toBe(204);
    const all = await history(r.id);
    for (const target of [m, all.find((x) => x.kind === 'system')!, all.find((x) => x.kind === 'update')!]) {
      expect(await pin(alice, target)).toEqual({ status: 409, body: errorBody('message_not_editable') });
    }
    expect(await pinEvents(r.id)).toEqual([]);
  });

  it('refuses a 51st pin with pin_limit, and takes one again after an unpin', async () => {
    const r = await room();
    const messages = [];
    for (let i = 0; i < 51; i++) messages.push(await say(alice, r.id, `note ${i}`));
    // Fifty pins written directly: the limit is what is under test, not fifty round trips.
    for (const [i, m] of messages.slice(0, 50).entries()) {
      await raw.updateTable('messages').set({ pinned_at: 1000 + i, pinned_by: alice.user.id }).where('id', '=', m.id).execute();
    }
    expect(await pin(alice, messages[50]!)).toEqual({ status: 409, body: errorBody('pin_limit') });
    expect(await pinEvents(r.id)).toEqual([]);
    expect(await unpin(alice, messages[0]!)).toEqual({ status: 204, body: undefined });
    expect(await pin(alice, messages[50]!)).toEqual({ status: 204, body: undefined });
    const listed = (await pins(bob, r.id)).body.pins;
    expect(listed).toHaveLength(50);
    expect(listed[0]?.message.id).toBe(messages[50]!.id);
  });

  it('answers a private room as if it did not exist to outsiders, and a bad or foreign id clearly', async () => {
    const r = await room('private');
    const other = await room();
    const m = await say(bob, r.id, 'secret');
    const outsider = await registerUser(server.url, 'outsider');
    for (const res of [await pin(outsider, m), await unpin(outsider, m), await pins(outsider, r.id)]) {
      expect(res).toEqual({ status: 404, body: errorBody('room_not_found') });
    }
    expect(await pin(alice, { roomId: other.id, id: m.id })).toEqual({ status: 404, body: errorBody('message_not_found') });
    expect(await pin(alice, { roomId: r.id, id: randomUUID() })).toEqual({ status: 404, body: errorBody('message_not_found') });
    expect(await pin(alice, { roomId: r.id, id: 'x' })).toEqual({ status: 400, body: invalidRequest('messageId') });
  });
});
