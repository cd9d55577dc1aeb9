import { randomUUID } from 'node:crypto';
import type { Room } from '@parley/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { acked, errorFrame, type Account } from './helpers/bodies.js';
import { snapshot } from './helpers/snapshot.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, TestClient } from './helpers/ws-client.js';
import { textBytes, uploaded } from './helpers/uploads.js';

// More bad input on the socket (bad-socket-input.test.ts has the first share). Each case proves that
// a bystander pair in another room still posts and hears, and that nothing stored changed.
let server: TestServer;
let user: Account;
let other: Account;
let room: Room;
let listener: TestClient;
let poster: TestClient;
let shared: Room;
let before: unknown;

beforeAll(async () => {
  server = await startServer();
  [user, other] = (await Promise.all([registerUser(server.url, 'prober'), registerUser(server.url, 'other')])) as [Account, Account];
  room = await createRoom(server.url, user.accessToken, { name: 'target' });
  shared = await createRoom(server.url, other.accessToken, { name: 'bystanders', visibility: 'private' });
  listener = await connect(server.wsUrl, other.accessToken, [{ roomId: shared.id }]);
  await listener.next('room.subscribed');
  poster = await connect(server.wsUrl, other.accessToken);
});
afterAll(async () => {
  await Promise.all([listener.close(), poster.close()]);
  await server.close();
});
beforeEach(async () => {
  before = await snapshot(server.url, [user.accessToken]);
});

/** The bystanders still talk, and the prober's rooms, members and messages are as they were. */
async function unharmed(): Promise<void> {
  const clientMsgId = randomUUID();
  expect(await poster.request({ type: 'message.send', roomId: shared.id, clientMsgId, body: 'still here' })).toEqual(acked(shared.id, clientMsgId));
  await listener.next('message.created', (f) => f.message.clientMsgId === clientMsgId);
  expect(listener.closeCode).toBeUndefined();
  expect(await snapshot(server.url, [user.accessToken])).toEqual(before);
}

async function prober(): Promise<TestClient> {
  const socket = await connect(server.wsUrl, user.accessToken, [{ roomId: room.id }]);
  await socket.next('room.subscribed');
  return socket;
}

describe('socket: frames the transport refuses', () => {
  it('closes a socket that sends invalid UTF-8 in a text frame with 1007, and only that socket', async () => {
    const socket = await prober();
    socket.sendRaw(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(await socket.closed).toBe(1007);
    await unharmed();
  });

  it('closes a socket that sends a 1 MB frame with 1009, and only that socket', async () => {
    const socket = await prober();
    socket.sendRaw(JSON.stringify({ type: 'message.send', roomId: room.id, clientMsgId: 'big', body: 'x'.repeat(1024 * 1024) }));
    expect(await socket.closed).toBe(1009);
    await unharmed();
  });
});

describe('socket: frames the protocol refuses', () => {
  const id = randomUUID();
  it.each([
    ['a lone surrogate in a message body', () => `{"type":"message.send","ref":"x","roomId":"${room.id}","clientMsgId":"ls","body":"half \\ud83d"}`, 'body'],
    ['a lone low surrogate in a caption', () => `{"type":"message.send","ref":"x","roomId":"${room.id}","clientMsgId":"ls2","body":"\\udc00"}`, 'body'],
    ['60 KiB of unclosed [', () => '['.repeat(60_000), undefined],
    ['30,000 nested arrays as a body', () => `{"type":"message.send","ref":"x","roomId":"${room.id}","clientMsgId":"n","body":${'['.repeat(30_000)}${']'.repeat(30_000)}}`, 'body'],
    ['a __proto__ key', () => '{"type":"session.ping","ref":"x","__proto__":{"admin":true}}', undefined],
    ['a float afterSeq', () => `{"type":"room.subscribe","ref":"x","roomId":"${room.id}","afterSeq":1.5}`, 'afterSeq'],
    ['an afterSeq of 1e308', () => `{"type":"room.subscribe","ref":"x","roomId":"${room.id}","afterSeq":1e308}`, 'afterSeq'],
    ['an afterSeq past 2^31', () => `{"type":"room.subscribe","ref":"x","roomId":"${room.id}","afterSeq":2147483648}`, 'afterSeq'],
    ['a ref of 65 characters', () => `{"type":"session.ping","ref":"${'r'.repeat(65)}"}`, 'ref'],
    ['eleven attachments', () => JSON.stringify({ type: 'message.send', ref: 'x', roomId: id, clientMsgId: 'a', kind: 'file', attachmentIds: Array.from({ length: 11 }, () => randomUUID()) }), 'attachmentIds'],
    ['a repeated attachment', () => JSON.stringify({ type: 'message.send', ref: 'x', roomId: id, clientMsgId: 'a', kind: 'file', attachmentIds: [id, id] }), 'attachmentIds'],
    ['attachments on a text message', () => JSON.stringify({ type: 'message.send', ref: 'x', roomId: id, clientMsgId: 'a', body: 'b', attachmentIds: [id] }), 'attachmentIds'],
    ['an attachment id that is a path', () => JSON.stringify({ type: 'message.send', ref: 'x', roomId: id, clientMsgId: 'a', kind: 'file', attachmentIds: ['../../etc/passwd'] }), 'attachmentIds'],
    ['a clientMsgId of 65 characters', () => JSON.stringify({ type: 'message.send', ref: 'x', roomId: id, clientMsgId: 'c'.repeat(65), body: 'b' }), 'clientMsgId'],
    ['a body of 4001 CJK characters', () => JSON.stringify({ type: 'message.send', ref: 'x', roomId: id, clientMsgId: 'a', body: '字'.repeat(4001) }), 'body'],
    ['1001 subscriptions in a hello', () => JSON.stringify({ type: 'session.hello', ref: 'x', token: 't', subscriptions: Array.from({ length: 1001 }, () => ({ roomId: id })) }), 'subscriptions'],
  ])('answers %s with invalid_frame naming the field, and keeps the socket', async (_what, raw, field) => {
    const socket = await prober();
    const text = raw();
    expect(text.length).toBeLessThan(65_536);
    socket.sendRaw(text);
    const reply = await socket.next('error');
    const ref = text.startsWith('{') && field !== 'ref' ? { ref: 'x' } : {};
    expect(reply).toEqual(errorFrame('invalid_frame', { ...ref, ...(field !== undefined && { message: expect.stringContaining(field) }) }));
    expect(await socket.request({ type: 'session.ping' })).toEqual({ type: 'session.pong', ref: expect.any(String) });
    expect(socket.closeCode).toBeUndefined();
    await socket.close();
    await unharmed();
  });
});

describe("socket: other people's objects", () => {
  it("refuses to post another user's upload, and posts nothing", async () => {
    const theirs = await uploaded(server.url, other.accessToken, textBytes('private'), 'theirs.txt');
    const socket = await prober();
    const reply = await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), kind: 'file', attachmentIds: [theirs.id] });
    expect(reply).toEqual(errorFrame('attachment_not_found', { ref: expect.any(String) }));
    await socket.close();
    await unharmed();
  });

  it("subscribes after a seq beyond the room's end without replaying anything or failing", async () => {
    const socket = await prober();
    const reply = await socket.request({ type: 'room.subscribe', roomId: room.id, afterSeq: 2_147_483_647 });
    expect(reply).toMatchObject({ roomId: room.id });
    expect(socket.messages(room.id)).toEqual([]);
    await socket.close();
    await unharmed();
  });
});

describe('socket: bursts', () => {
  it('answers 1,000 subscribe frames in one burst: each gets a reply, the surplus rate_limited, the socket stays', async () => {
    const socket = await prober();
    const refs = Array.from({ length: 1000 }, (_, i) => `b${i}`);
    for (const ref of refs) socket.send({ type: 'room.subscribe', ref, roomId: room.id });
    const replies = await Promise.all(refs.map((ref) => socket.nextWhere((f) => 'ref' in f && f.ref === ref, `reply ${ref}`)));
    const kinds = new Map<string, number>();
    for (const r of replies) {
      const kind = r.type === 'error' ? `error:${r.code}` : r.type;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect([...kinds.keys()].sort()).toEqual(['error:rate_limited', 'room.subscribed']);
    expect(kinds.get('error:rate_limited')).toBeGreaterThan(500);
    expect(socket.closeCode).toBeUndefined();
    await unharmed();
    await socket.close();
  });
});

describe('socket: the session', () => {
  it('refuses an oversized token in session.hello as invalid_frame and still takes a good hello', async () => {
    const socket = new TestClient(server.wsUrl);
    await socket.opened;
    socket.send({ type: 'session.hello', ref: 'big', token: 't'.repeat(4097) });
    expect(await socket.next('error')).toEqual(errorFrame('invalid_frame', { ref: 'big', message: expect.stringContaining('token') }));
    socket.send({ type: 'session.hello', token: user.accessToken });
    await socket.next('session.ready');
    await socket.close();
    await api(server.url, 'GET', '/api/me', { token: user.accessToken });
    await unharmed();
  });
});
