import { randomUUID } from 'node:crypto';
import type { AuditPage, CreatedAccessToken, HistoryPage, Message, MessageEdits, Room, SearchPage } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, userRef, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { blobFiles, download, png, uploaded } from './helpers/uploads.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// Editing and deleting messages through the real server: live and replayed update events, tombstones,
// attachments that become unreachable, the moderation history, and every refusal.
let server: TestServer;
let alice: Account;
let bob: Account;
let carol: Account;
beforeAll(async () => {
  server = await startServer();
  [alice, bob, carol] = (await Promise.all(['alice', 'bob', 'carol'].map((p) => registerUser(server.url, p)))) as [Account, Account, Account];
});
afterAll(async () => {
  await server.close();
});

const messagePath = (m: Pick<Message, 'roomId' | 'id'>) => `/api/rooms/${m.roomId}/messages/${m.id}`;
const edit = (who: Account, m: Pick<Message, 'roomId' | 'id'>, body: unknown) => api<Message>(server.url, 'PATCH', messagePath(m), { token: who.accessToken, body: { body } });
const remove = (who: Account, m: Pick<Message, 'roomId' | 'id'>) => api(server.url, 'DELETE', messagePath(m), { token: who.accessToken });
const editsOf = (who: Account, m: Pick<Message, 'roomId' | 'id'>) => api<MessageEdits>(server.url, 'GET', `${messagePath(m)}/edits`, { token: who.accessToken });

/** A room of Alice (owner) with Bob (member) and Carol (admin). */
async function room(visibility: 'public' | 'private' = 'public'): Promise<Room> {
  const r = await createRoom(server.url, alice.accessToken, { visibility });
  for (const a of [bob, carol]) {
    if (visibility === 'private') await joinPrivate(server.url, alice.accessToken, a.accessToken, r.id);
    else expect((await api(server.url, 'POST', `/api/rooms/${r.id}/join`, { token: a.accessToken })).status).toBe(200);
  }
  const promoted = await api(server.url, 'POST', `/api/rooms/${r.id}/members/${carol.user.id}/role`, { token: alice.accessToken, body: { role: 'admin' } });
  expect(promoted.status).toBe(200);
  return r;
}

async function say(who: Account, roomId: string, body: string, extra: Record<string, unknown> = {}): Promise<Message> {
  const ws = await connect(server.wsUrl, who.accessToken);
  const reply = await ws.request({ type: 'message.send', roomId, clientMsgId: randomUUID(), body, ...extra });
  await ws.close();
  if (reply.type !== 'message.acked') throw new Error(JSON.stringify(reply));
  return (await history(roomId)).find((m) => m.seq === reply.seq)!;
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
const search = async (who: Account, q: string, roomId: string) =>
  (await api<SearchPage>(server.url, 'GET', `/api/search?q=${encodeURIComponent(q)}&roomId=${roomId}`, { token: who.accessToken })).body.results.map((r) => r.messageId);

describe('editing a message', () => {
  it('shows an edit to live subscribers as an update event and in history as the new body with editedAt', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'the deploy is at 5');
    const watcher = await subscribed(alice, r.id);
    const res = await edit(bob, m, 'the deploy is at 6');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...m, body: 'the deploy is at 6', editedAt: expect.any(String) });
    const live = await watcher.next('message.created');
    expect(live.message).toEqual({
      id: expect.any(String),
      roomId: r.id,
      seq: m.seq + 1,
      kind: 'update',
      body: '',
      event: { type: 'message.edited', messageId: m.id, body: 'the deploy is at 6', editedAt: res.body.editedAt, by: userRef(bob) },
      sender: userRef(bob),
      clientMsgId: null,
      createdAt: expect.any(String),
    });
    expect((await history(r.id, carol.accessToken)).find((x) => x.id === m.id)).toEqual(res.body);
    await watcher.close();
  });

  it('finds the new body in search and no longer the old one', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'we migrate the walrus cluster');
    expect(await search(alice, 'walrus', r.id)).toEqual([m.id]);
    await edit(bob, m, 'we migrate the 数据库 cluster');
    expect(await search(alice, 'walrus', r.id)).toEqual([]);
    expect(await search(alice, '数据库', r.id)).toEqual([m.id]);
  });

  it('answers the same body with 200 and stores no event', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'same');
    expect(await edit(bob, m, 'same')).toEqual({ status: 200, body: m });
    expect(await updates(r.id)).toEqual([]);
  });

  it('recomputes mentions on edit and carries them in the event', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'hello');
    const res = await edit(bob, m, `hello @${carol.user.username}`);
    expect(res.body.mentions).toEqual([carol.user.id]);
    expect(await updates(r.id)).toEqual([expect.objectContaining({ type: 'message.edited', mentions: [carol.user.id] })]);
  });

  it("refuses editing someone else's message, even for the owner", async () => {
    const r = await room();
    const m = await say(bob, r.id, 'mine');
    for (const who of [alice, carol]) expect(await edit(who, m, 'hijacked')).toEqual({ status: 403, body: errorBody('forbidden') });
    expect((await history(r.id)).find((x) => x.id === m.id)?.body).toBe('mine');
    expect(await updates(r.id)).toEqual([]);
  });

  it('refuses editing in a room the sender left, and a private room as if it did not exist', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'before leaving');
    expect((await api(server.url, 'POST', `/api/rooms/${r.id}/leave`, { token: bob.accessToken })).status).toBe(204);
    expect(await edit(bob, m, 'after leaving')).toEqual({ status: 403, body: errorBody('not_room_member') });
    expect(await remove(bob, m)).toEqual({ status: 403, body: errorBody('not_room_member') });
    const secret = await room('private');
    const s = await say(bob, secret.id, 'private');
    const outsider = await registerUser(server.url, 'outsider');
    const res = await edit(outsider, s, 'x');
    expect(res).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect(res).toEqual(await edit(outsider, { roomId: randomUUID(), id: s.id }, 'x'));
    expect(await remove(outsider, s)).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect(await editsOf(outsider, s)).toEqual({ status: 404, body: errorBody('room_not_found') });
  });

  it('refuses system, update and deleted messages with message_not_editable', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'soon gone');
    await edit(bob, m, 'edited once');
    const all = await history(r.id);
    const system = all.find((x) => x.kind === 'system')!;
    const update = all.find((x) => x.kind === 'update')!;
    for (const target of [system, update]) {
      expect(await edit(alice, target, 'x')).toEqual({ status: 409, body: errorBody('message_not_editable') });
      expect(await remove(alice, target)).toEqual({ status: 409, body: errorBody('message_not_editable') });
    }
    expect(await remove(bob, m)).toEqual({ status: 204, body: undefined });
    expect(await edit(bob, m, 'back from the dead')).toEqual({ status: 409, body: errorBody('message_not_editable') });
  });

  it.each([
    ['an empty text body', '', 'body'],
    ['4001 code points', '字'.repeat(4001), 'body'],
    ['a control character', 'a\u0000b', 'body'],
    ['a number', 42, 'body'],
  ])('refuses %s with 400 invalid_request', async (_what, body, field) => {
    const r = await room();
    const m = await say(bob, r.id, 'valid');
    expect(await edit(bob, m, body)).toEqual({ status: 400, body: invalidRequest(field) });
    expect(await updates(r.id)).toEqual([]);
  });

  it('takes 4000 code points, and an empty caption on an image', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'short');
    expect((await edit(bob, m, '字'.repeat(4000))).status).toBe(200);
    const image = await uploaded(server.url, bob.accessToken, await png(8, 8), 'dot.png');
    const pic = await say(bob, r.id, 'a caption', { kind: 'image', attachmentIds: [image.id] });
    expect(await edit(bob, pic, '')).toMatchObject({ status: 200, body: { body: '', attachments: [expect.objectContaining({ id: image.id })] } });
  });

  it('answers a bad id with 400, and an unknown message or one of another room with message_not_found', async () => {
    const r = await room();
    const other = await room();
    const m = await say(bob, r.id, 'here');
    expect(await edit(bob, { roomId: r.id, id: 'not-a-uuid' }, 'x')).toEqual({ status: 400, body: invalidRequest('messageId') });
    expect(await remove(bob, { roomId: 'nope', id: m.id })).toEqual({ status: 400, body: invalidRequest('id') });
    expect(await edit(bob, { roomId: r.id, id: randomUUID() }, 'x')).toEqual({ status: 404, body: errorBody('message_not_found') });
    expect(await edit(bob, { roomId: other.id, id: m.id }, 'x')).toEqual({ status: 404, body: errorBody('message_not_found') });
    expect(await remove(alice, { roomId: other.id, id: m.id })).toEqual({ status: 404, body: errorBody('message_not_found') });
    expect(await updates(other.id)).toEqual([]);
  });

  it('refuses a read-only access token with insufficient_scope', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'scripted');
    const pat = await api<CreatedAccessToken>(server.url, 'POST', '/api/me/access-tokens', { token: bob.accessToken, body: { name: 'reader', scopes: ['read'] } });
    const reader = { ...bob, accessToken: pat.body.token };
    expect(await edit(reader, m, 'x')).toEqual({ status: 403, body: errorBody('insufficient_scope') });
    expect(await remove(reader, m)).toEqual({ status: 403, body: errorBody('insufficient_scope') });
    expect(await updates(r.id)).toEqual([]);
  });
});

describe('deleting a message', () => {
  it('leaves a tombstone for everyone: empty body, deletedAt, no reactions, no pin, live and in history', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'oops');
    expect((await api(server.url, 'PUT', `${messagePath(m)}/reactions/${encodeURIComponent('👍')}`, { token: carol.accessToken })).status).toBe(200);
    expect((await api(server.url, 'PUT', `/api/rooms/${r.id}/pins/${m.id}`, { token: alice.accessToken })).status).toBe(204);
    const watcher = await subscribed(carol, r.id);
    expect(await remove(bob, m)).toEqual({ status: 204, body: undefined });
    const live = await watcher.next('message.created');
    expect(live.message).toMatchObject({ kind: 'update', body: '', sender: userRef(bob), event: { type: 'message.deleted', messageId: m.id, deletedAt: expect.any(String), by: userRef(bob) } });
    const tombstone = (await history(r.id)).find((x) => x.id === m.id);
    expect(tombstone).toEqual({ ...m, body: '', deletedAt: (live.message.event as { deletedAt: string }).deletedAt });
    expect(await search(alice, 'oops', r.id)).toEqual([]);
    expect((await api(server.url, 'GET', `/api/rooms/${r.id}/pins`, { token: bob.accessToken })).body).toEqual({ pins: [] });
    await watcher.close();
  });

  it('deletes twice as one: 204 again and no second event', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'twice');
    expect(await remove(bob, m)).toEqual({ status: 204, body: undefined });
    expect(await remove(bob, m)).toEqual({ status: 204, body: undefined });
    expect(await remove(alice, m)).toEqual({ status: 204, body: undefined });
    expect((await updates(r.id)).map((e) => e?.type)).toEqual(['message.deleted']);
  });

  it('stores one deletion when the sender and two moderators delete at the same moment', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'contested');
    const answers = await Promise.all([bob, alice, carol, bob].map((who) => remove(who, m)));
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204]);
    expect((await updates(r.id)).map((e) => e?.type)).toEqual(['message.deleted']);
    expect((await editsOf(alice, m)).body.edits.filter((e) => e.deleted)).toHaveLength(1);
  });

  it("lets an owner and an admin delete anyone's message and audits it", async () => {
    const r = await room();
    const one = await say(bob, r.id, 'spam one');
    const two = await say(bob, r.id, 'spam two');
    expect(await remove(alice, one)).toEqual({ status: 204, body: undefined });
    expect(await remove(carol, two)).toEqual({ status: 204, body: undefined });
    expect(await updates(r.id)).toEqual([
      { type: 'message.deleted', messageId: one.id, deletedAt: expect.any(String), by: userRef(alice) },
      { type: 'message.deleted', messageId: two.id, deletedAt: expect.any(String), by: userRef(carol) },
    ]);
    const audit = await api<AuditPage>(server.url, 'GET', `/api/rooms/${r.id}/audit`, { token: alice.accessToken });
    const deletions = audit.body.entries.filter((e) => e.action === 'message.deleted_by_moderator');
    expect(deletions.map((e) => [e.actor?.id, e.target?.id, e.details])).toEqual([
      [carol.user.id, bob.user.id, { messageId: two.id }],
      [alice.user.id, bob.user.id, { messageId: one.id }],
    ]);
  });

  it("refuses a member deleting someone else's message", async () => {
    const r = await room();
    const m = await say(alice, r.id, 'the owner speaks');
    expect(await remove(bob, m)).toEqual({ status: 403, body: errorBody('insufficient_role') });
    expect((await history(r.id)).find((x) => x.id === m.id)?.body).toBe('the owner speaks');
    expect(await updates(r.id)).toEqual([]);
  });

  it("makes a deleted message's attachment and thumbnail 404 for the uploader and everyone, and removes the blobs", async () => {
    const r = await room();
    const bytes = await png(64, 48, '#c63');
    const image = await uploaded(server.url, bob.accessToken, bytes, 'secret.png');
    const m = await say(bob, r.id, 'look', { kind: 'image', attachmentIds: [image.id] });
    expect((await download(server.url, image.url, alice.accessToken)).status).toBe(200);
    const hashes = blobFiles(server.config.dataDir);
    expect(await remove(bob, m)).toEqual({ status: 204, body: undefined });
    for (const who of [bob, alice, carol]) {
      for (const path of [image.url, image.thumbnailUrl!]) {
        const res = await download(server.url, path, who.accessToken);
        expect({ path, status: res.status, body: JSON.parse(res.bytes.toString()) as unknown }).toEqual({ path, status: 404, body: errorBody('attachment_not_found') });
      }
    }
    expect((await history(r.id)).find((x) => x.id === m.id)?.attachments).toBeUndefined();
    // The served image and its thumbnail; nothing else used them.
    expect(hashes.filter((h) => !blobFiles(server.config.dataDir).includes(h))).toHaveLength(2);
  });
});

describe('the edit history', () => {
  it('shows owners and admins every earlier body oldest first, the deleted one last and marked', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'v1');
    await edit(bob, m, 'v2');
    await edit(bob, m, 'v3');
    await remove(alice, m);
    const expected = {
      edits: [
        { body: 'v1', editedAt: expect.any(String), editor: userRef(bob), deleted: false },
        { body: 'v2', editedAt: expect.any(String), editor: userRef(bob), deleted: false },
        { body: 'v3', editedAt: expect.any(String), editor: userRef(alice), deleted: true },
      ],
    };
    expect(await editsOf(alice, m)).toEqual({ status: 200, body: expected });
    expect(await editsOf(carol, m)).toEqual({ status: 200, body: expected });
  });

  it('refuses members, even the sender, with insufficient_role', async () => {
    const r = await room();
    const m = await say(bob, r.id, 'v1');
    await edit(bob, m, 'v2');
    expect(await editsOf(bob, m)).toEqual({ status: 403, body: errorBody('insufficient_role') });
  });
});

describe('replaying changes', () => {
  it('replays edits, deletions and pins made while a client was offline, in seq order, once each', async () => {
    const r = await room();
    const m = await say(alice, r.id, 'first');
    const n = await say(alice, r.id, 'second');
    const live = await subscribed(bob, r.id);
    await live.close();
    const lastSeq = n.seq;
    await edit(alice, m, 'first, edited');
    await remove(alice, n);
    expect((await api(server.url, 'PUT', `/api/rooms/${r.id}/pins/${m.id}`, { token: alice.accessToken })).status).toBe(204);
    await edit(alice, m, 'first, edited');
    const resumed = await connect(server.wsUrl, bob.accessToken, [{ roomId: r.id, afterSeq: lastSeq }]);
    await resumed.next('room.subscribed');
    expect(resumed.messages(r.id).map((x) => [x.seq, x.kind, x.event])).toEqual([
      [lastSeq + 1, 'update', { type: 'message.edited', messageId: m.id, body: 'first, edited', editedAt: expect.any(String), by: userRef(alice) }],
      [lastSeq + 2, 'update', { type: 'message.deleted', messageId: n.id, deletedAt: expect.any(String), by: userRef(alice) }],
      [lastSeq + 3, 'system', { type: 'message.pinned', messageId: m.id, by: userRef(alice) }],
    ]);
    await resumed.close();
  });
});
