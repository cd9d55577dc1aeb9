import { randomUUID } from 'node:crypto';
import type { Attachment, ClientFrameInput, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { acked, errorFrame, userRef, type Account } from './helpers/bodies.js';
import { history, join } from './helpers/cast.js';
import { settle } from './helpers/settle.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { png, textBytes, uploaded } from './helpers/uploads.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// message.send with kind image|file: what is posted, what is refused, and resends.
let server: TestServer;
let alice: Account;
let bob: Account;
let room: Room;
let aliceWs: TestClient;
let bobWs: TestClient;
beforeAll(async () => {
  server = await startServer();
  [alice, bob] = await Promise.all([registerUser(server.url, 'alice'), registerUser(server.url, 'bob')]);
  room = await createRoom(server.url, alice.accessToken, { name: 'media' });
  expect((await join(server.url, bob.accessToken, room.id)).status).toBe(200);
  [aliceWs, bobWs] = await Promise.all([
    connect(server.wsUrl, alice.accessToken, [{ roomId: room.id }]),
    connect(server.wsUrl, bob.accessToken, [{ roomId: room.id }]),
  ]);
  await Promise.all([aliceWs.next('room.subscribed'), bobWs.next('room.subscribed')]);
});
afterAll(async () => {
  await Promise.all([aliceWs?.close(), bobWs?.close()]);
  await server.close();
});

let sends = 0;
const send = (client: TestClient, fields: Partial<Extract<ClientFrameInput, { type: 'message.send' }>>) =>
  client.request({ type: 'message.send', roomId: room.id, clientMsgId: `m${++sends}`, ...fields });
const image = (token: string, w = 64, h = 48) => png(w, h).then((bytes) => uploaded(server.url, token, bytes, `${w}x${h}.png`));
const file = (token: string, text = 'some notes\n') => uploaded(server.url, token, textBytes(text), 'notes.txt');
const pdf = (token: string) => uploaded(server.url, token, Buffer.from('%PDF-1.4\n%%EOF\n'), 'doc.pdf');

/** The stored message as every reader sees it. */
const posted = (seq: unknown, clientMsgId: string, kind: 'image' | 'file', attachments: Attachment[], body = '') => ({
  id: expect.any(String),
  roomId: room.id,
  seq,
  kind,
  body,
  event: null,
  sender: userRef(alice),
  clientMsgId,
  createdAt: expect.any(String),
  attachments,
});
const lastSeq = async () => (await api<Room>(server.url, 'GET', `/api/rooms/${room.id}`, { token: alice.accessToken })).body.lastSeq;

describe('posting attachments', () => {
  it('posts an image message whose message.created and history carry the attachments in the order sent', async () => {
    const [first, second, third] = [await image(alice.accessToken, 64, 48), await image(alice.accessToken, 48, 64), await image(alice.accessToken, 20, 20)];
    const order = [second, first, third];
    const ack = await send(aliceWs, { kind: 'image', attachmentIds: order.map((a) => a.id), body: 'three views', clientMsgId: 'gallery' });
    expect(ack).toEqual(acked(room.id, 'gallery'));
    const expected = posted((ack as { seq: number }).seq, 'gallery', 'image', order, 'three views');
    expect((await bobWs.next('message.created', (f) => f.message.clientMsgId === 'gallery')).message).toEqual(expected);
    expect((await aliceWs.next('message.created', (f) => f.message.clientMsgId === 'gallery')).message).toEqual(expected);
    expect((await history(server.url, bob.accessToken, room.id)).at(-1)).toEqual(expected);
    // A client that was offline gets the same message replayed when it resumes.
    const resumed = await connect(server.wsUrl, bob.accessToken, [{ roomId: room.id, afterSeq: (ack as { seq: number }).seq - 1 }]);
    try {
      expect((await resumed.next('message.created')).message).toEqual(expected);
    } finally {
      await resumed.close();
    }
  });

  it('posts a file message that may mix files and images', async () => {
    const attachments = [await pdf(alice.accessToken), await file(alice.accessToken), await image(alice.accessToken)];
    const ack = await send(aliceWs, { kind: 'file', attachmentIds: attachments.map((a) => a.id), clientMsgId: 'bundle' });
    expect(ack).toEqual(acked(room.id, 'bundle'));
    const expected = posted((ack as { seq: number }).seq, 'bundle', 'file', attachments);
    expect((await bobWs.next('message.created', (f) => f.message.clientMsgId === 'bundle')).message).toEqual(expected);
    expect((await history(server.url, alice.accessToken, room.id)).at(-1)).toEqual(expected);
  });

  it('answers a resend of a posted clientMsgId with the first ack, marked duplicate, and posts nothing', async () => {
    const a = await file(alice.accessToken, 'resend me\n');
    const frame = { kind: 'file' as const, attachmentIds: [a.id], clientMsgId: 'lost-ack' };
    const first = (await send(aliceWs, frame)) as { id: string; seq: number };
    await bobWs.next('message.created', (f) => f.message.clientMsgId === 'lost-ack');
    const again = await send(aliceWs, frame);
    expect(again).toEqual({ ...acked(room.id, 'lost-ack', first.seq), id: first.id, duplicate: true });
    await settle(aliceWs, bobWs);
    expect(bobWs.messages(room.id).filter((m) => m.clientMsgId === 'lost-ack')).toHaveLength(1);
    expect(await lastSeq()).toBe(first.seq);
  });
});

describe('refusing attachments', () => {
  /** Sends, expects exactly this error, and checks that nothing was posted. */
  async function refused(client: TestClient, fields: Parameters<typeof send>[1], code: string, message: unknown = expect.any(String)) {
    const before = await lastSeq();
    const reply = await send(client, fields);
    expect(reply).toEqual({ ...errorFrame(code, { ref: expect.any(String) }), message });
    await settle(aliceWs, bobWs);
    expect(await lastSeq()).toBe(before);
  }

  it('refuses to post an upload a second time, in another message', async () => {
    const a = await file(alice.accessToken);
    expect(await send(aliceWs, { kind: 'file', attachmentIds: [a.id] })).toEqual(acked(room.id, expect.any(String)));
    await refused(aliceWs, { kind: 'file', attachmentIds: [a.id] }, 'attachment_not_found', expect.stringContaining(a.id));
  });

  it("refuses someone else's upload as if it did not exist, and leaves it to its owner", async () => {
    const a = await file(alice.accessToken);
    await refused(bobWs, { kind: 'file', attachmentIds: [a.id] }, 'attachment_not_found', expect.stringContaining(a.id));
    expect(await send(aliceWs, { kind: 'file', attachmentIds: [a.id] })).toEqual(acked(room.id, expect.any(String)));
  });

  it('refuses an id nobody uploaded', async () => {
    await refused(aliceWs, { kind: 'image', attachmentIds: [randomUUID()] }, 'attachment_not_found');
  });

  it('refuses the whole message when one of its uploads is unusable, leaving the others unused', async () => {
    const mine = await image(alice.accessToken);
    const theirs = await image(bob.accessToken);
    await refused(aliceWs, { kind: 'image', attachmentIds: [mine.id, theirs.id] }, 'attachment_not_found', expect.stringContaining(theirs.id));
    expect(await send(aliceWs, { kind: 'image', attachmentIds: [mine.id] })).toEqual(acked(room.id, expect.any(String)));
  });

  it('refuses a PDF in an image message, and it can still be posted as a file', async () => {
    const doc = await pdf(alice.accessToken);
    await refused(aliceWs, { kind: 'image', attachmentIds: [doc.id] }, 'invalid_request', 'An image message may only carry images');
    expect(await send(aliceWs, { kind: 'file', attachmentIds: [doc.id] })).toEqual(acked(room.id, expect.any(String)));
  });

  it.each([
    ['a text message with attachments', () => ({ kind: 'text' as const, body: 'hi', attachmentIds: [randomUUID()] }), 'attachmentIds: text messages carry no attachments; use kind image or file'],
    ['an image message without attachments', () => ({ kind: 'image' as const, attachmentIds: [] }), 'attachmentIds: image and file messages need at least one attachment'],
    ['a file message with the same upload twice', () => {
      const id = randomUUID();
      return { kind: 'file' as const, attachmentIds: [id, id] };
    }, 'attachmentIds: must not repeat an attachment'],
    ['eleven attachments', () => ({ kind: 'file' as const, attachmentIds: Array.from({ length: 11 }, () => randomUUID()) }), expect.stringContaining('attachmentIds')],
    ['an attachment id that is not an id', () => ({ kind: 'file' as const, attachmentIds: ['../../etc/passwd'] }), expect.stringContaining('attachmentIds.0')],
  ])('refuses %s as an invalid frame', async (_what, fields, message) => {
    await refused(aliceWs, fields(), 'invalid_frame', message);
  });
});

describe('two messages racing for one upload', () => {
  it('lets exactly one of them post it, with no gap in the seqs', async () => {
    const a = await file(alice.accessToken, 'contested\n');
    const second = await connect(server.wsUrl, alice.accessToken);
    try {
      const before = await lastSeq();
      const replies = await Promise.all([
        send(aliceWs, { kind: 'file', attachmentIds: [a.id], clientMsgId: 'race-1' }),
        send(second, { kind: 'file', attachmentIds: [a.id], clientMsgId: 'race-2' }),
      ]);
      expect(replies.map((r) => r.type).sort()).toEqual(['error', 'message.acked']);
      const error = replies.find((r) => r.type === 'error');
      expect(error).toEqual(errorFrame('attachment_not_found', { ref: expect.any(String) }));
      expect(await lastSeq()).toBe(before + 1);
      const stored = (await history(server.url, alice.accessToken, room.id)).at(-1);
      expect(stored?.attachments?.map((x) => x.id)).toEqual([a.id]);
    } finally {
      await second.close();
    }
  });
});
