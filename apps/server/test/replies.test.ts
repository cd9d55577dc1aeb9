import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import type { HistoryPage, Message, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialect } from '../src/storage/dialect.js';
import { resolveDatabaseUrl } from '../src/storage/db.js';
import type { Database } from '../src/storage/schema.js';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { acked, errorFrame, userRef, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { png, uploaded } from './helpers/uploads.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// Replies through the real server: the preview live, in history and on resume, and the refusals.
let server: TestServer;
let raw: Kysely<Database>;
let alice: Account;
let bob: Account;
beforeAll(async () => {
  server = await startServer();
  raw = new Kysely<Database>({ dialect: (await createDialect(resolveDatabaseUrl({ databaseUrl: server.config.databaseUrl, dataDir: server.config.dataDir }))).dialect });
  [alice, bob] = (await Promise.all(['alice', 'bob'].map((p) => registerUser(server.url, p)))) as [Account, Account];
});
afterAll(async () => {
  await raw?.destroy();
  await server.close();
});

async function history(roomId: string): Promise<Message[]> {
  const res = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${roomId}/messages?after=0&limit=100`, { token: alice.accessToken });
  expect(res.status).toBe(200);
  return res.body.messages;
}
const inHistory = async (roomId: string, id: string) => (await history(roomId)).find((m) => m.id === id);

/** A public room of Alice that Bob joined, with both subscribed, and a message of Alice's. */
async function conversation(): Promise<{ room: Room; original: Message; a: TestClient; b: TestClient }> {
  const room = await createRoom(server.url, alice.accessToken);
  expect((await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken })).status).toBe(200);
  const [a, b] = await Promise.all([alice, bob].map((u) => connect(server.wsUrl, u.accessToken, [{ roomId: room.id }])));
  await Promise.all([a!.next('room.subscribed'), b!.next('room.subscribed')]);
  await a!.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'Deploy at **five**?\nOr six.' });
  const original = (await b!.next('message.created')).message;
  await a!.next('message.created');
  return { room, original, a: a!, b: b! };
}

describe('replying to a message', () => {
  it('sends a reply with a preview of the original, live and in history', async () => {
    const { room, original, a, b } = await conversation();
    const ack = await b.request({ type: 'message.send', roomId: room.id, clientMsgId: 'r1', body: 'five works', replyToId: original.id });
    expect(ack).toEqual(acked(room.id, 'r1', original.seq + 1));
    const preview = { id: original.id, seq: original.seq, sender: userRef(alice), excerpt: 'Deploy at **five**? Or six.', kind: 'text', deleted: false };
    const live = (await a.next('message.created')).message;
    expect(live).toEqual({
      id: expect.any(String),
      roomId: room.id,
      seq: original.seq + 1,
      kind: 'text',
      body: 'five works',
      event: null,
      sender: userRef(bob),
      clientMsgId: 'r1',
      createdAt: expect.any(String),
      replyTo: preview,
    });
    expect(await inHistory(room.id, live.id)).toEqual(live);
    // A resend is answered with the stored reply, once.
    expect(await b.request({ type: 'message.send', roomId: room.id, clientMsgId: 'r1', body: 'five works', replyToId: original.id })).toMatchObject({ id: live.id, duplicate: true });
    await Promise.all([a.close(), b.close()]);
  });

  it('previews an image without caption by its kind, with an empty excerpt', async () => {
    const { room, a, b } = await conversation();
    const image = await uploaded(server.url, alice.accessToken, await png(32, 32), 'plan.png');
    await a.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), kind: 'image', attachmentIds: [image.id] });
    const picture = (await b.next('message.created')).message;
    await b.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'nice', replyToId: picture.id });
    const reply = (await a.next('message.created', (f) => f.message.body === 'nice')).message;
    expect(reply.replyTo).toEqual({ id: picture.id, seq: picture.seq, sender: userRef(alice), excerpt: '', kind: 'image', deleted: false });
    await Promise.all([a.close(), b.close()]);
  });

  it('replays a reply with its preview to a client that resumes', async () => {
    const { room, original, a, b } = await conversation();
    await a.close();
    await b.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'six', replyToId: original.id });
    const resumed = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id, afterSeq: original.seq }]);
    await resumed.next('room.subscribed');
    expect(resumed.messages(room.id).map((m) => [m.body, m.replyTo?.id])).toEqual([['six', original.id]]);
    await Promise.all([resumed.close(), b.close()]);
  });

  it('shows the original as it is now: edited text, then that it was deleted', async () => {
    const { room, original, a, b } = await conversation();
    await b.request({ type: 'message.send', roomId: room.id, clientMsgId: 'r', body: 'ok', replyToId: original.id });
    const reply = (await a.next('message.created')).message;
    await raw.updateTable('messages').set({ body: 'Deploy at six', edited_at: Date.now() }).where('id', '=', original.id).execute();
    expect((await inHistory(room.id, reply.id))?.replyTo).toMatchObject({ excerpt: 'Deploy at six', deleted: false, sender: userRef(alice) });
    await raw.updateTable('messages').set({ body: '', deleted_at: Date.now() }).where('id', '=', original.id).execute();
    expect((await inHistory(room.id, reply.id))?.replyTo).toEqual({ id: original.id, seq: original.seq, sender: null, excerpt: '', kind: 'text', deleted: true });
    await Promise.all([a.close(), b.close()]);
  });
});

describe('refusing a reply', () => {
  it('refuses a message of another room exactly like an unknown id, even a private room’s', async () => {
    const { room, a, b } = await conversation();
    const secret = await createRoom(server.url, alice.accessToken, { visibility: 'private' });
    const s = await connect(server.wsUrl, alice.accessToken);
    const sent = await s.request({ type: 'message.send', roomId: secret.id, clientMsgId: randomUUID(), body: 'the launch code' });
    await s.close();
    const secretId = sent.type === 'message.acked' ? sent.id : '';
    const foreign = await b.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'x', replyToId: secretId });
    const unknown = await b.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'x', replyToId: randomUUID() });
    expect(foreign).toEqual(errorFrame('reply_target_not_found', { ref: expect.any(String) }));
    expect({ ...foreign, ref: '' }).toEqual({ ...unknown, ref: '' });
    expect((await history(room.id)).filter((m) => m.body === 'x')).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a reply to a system message or to a deleted message', async () => {
    const { room, original, a, b } = await conversation();
    const system = (await history(room.id)).find((m) => m.kind === 'system')!;
    await raw.updateTable('messages').set({ body: '', deleted_at: Date.now() }).where('id', '=', original.id).execute();
    for (const target of [system, original]) {
      const res = await b.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'x', replyToId: target.id });
      expect(res).toEqual(errorFrame('reply_target_not_found', { ref: expect.any(String) }));
    }
    expect((await history(room.id)).filter((m) => m.body === 'x')).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('answers a resend with the stored reply even after its original was deleted', async () => {
    const { room, original, a, b } = await conversation();
    const first = await b.request({ type: 'message.send', roomId: room.id, clientMsgId: 'lost-ack', body: 'yes', replyToId: original.id });
    await raw.updateTable('messages').set({ body: '', deleted_at: Date.now() }).where('id', '=', original.id).execute();
    const again = await b.request({ type: 'message.send', roomId: room.id, clientMsgId: 'lost-ack', body: 'yes', replyToId: original.id });
    expect(again).toEqual({ ...first, ref: expect.any(String), duplicate: true });
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a malformed replyToId as an invalid frame', async () => {
    const { room, a, b } = await conversation();
    const res = await b.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'x', replyToId: 'not-a-uuid' });
    expect(res).toEqual(errorFrame('invalid_frame', { ref: expect.any(String) }));
    await Promise.all([a.close(), b.close()]);
  });

  it('lets only members of a private room reply there', async () => {
    const room = await createRoom(server.url, alice.accessToken, { visibility: 'private' });
    await joinPrivate(server.url, alice.accessToken, bob.accessToken, room.id);
    const outsider = await registerUser(server.url, 'outsider');
    const [m] = await history(room.id);
    const c = await connect(server.wsUrl, outsider.accessToken);
    const res = await c.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'x', replyToId: m!.id });
    expect(res).toEqual(errorFrame('room_not_found', { ref: expect.any(String) }));
    await c.close();
  });
});
