import { randomUUID } from 'node:crypto';
import type { HistoryPage, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { acked, errorFrame, ready, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { badTokens, TOKEN_FLAWS, type TokenFlaw } from './helpers/tokens.js';
import { connect, TestClient } from './helpers/ws-client.js';

// Bad input on the socket; every test also proves that users around the misbehaving socket are unaffected.
let server: TestServer;
let user: Account;
let room: Room;
let tokens: Record<TokenFlaw, string>;

beforeAll(async () => {
  server = await startServer();
  user = await registerUser(server.url, 'prober');
  room = await createRoom(server.url, user.accessToken, { name: 'target' });
  tokens = await badTokens(server.config.jwtSecret, user.accessToken);
});
afterAll(async () => {
  await server.close();
});

/**
 * A room where one user keeps posting and another keeps listening, neither of them the one
 * misbehaving: `stillServed()` proves the misbehaviour did not reach them.
 */
async function bystanders(s: TestServer = server) {
  const poster = await registerUser(s.url, 'poster');
  const listener = await registerUser(s.url, 'listener');
  const shared = await createRoom(s.url, poster.accessToken, { name: 'bystanders' });
  await api(s.url, 'POST', `/api/rooms/${shared.id}/join`, { token: listener.accessToken, body: {} });
  const listening = await connect(s.wsUrl, listener.accessToken, [{ roomId: shared.id }]);
  await listening.next('room.subscribed');
  const posting = await connect(s.wsUrl, poster.accessToken);
  return {
    room: shared,
    async stillServed(): Promise<void> {
      const clientMsgId = randomUUID();
      const ack = await posting.request({ type: 'message.send', roomId: shared.id, clientMsgId, body: 'business as usual' });
      expect(ack).toEqual(acked(shared.id, clientMsgId));
      const got = await listening.next('message.created', (f) => f.message.clientMsgId === clientMsgId);
      expect(got.message.body).toBe('business as usual');
      expect(listening.closeCode).toBeUndefined();
    },
    close: () => Promise.all([listening.close(), posting.close()]),
  };
}

describe('socket: access tokens', () => {
  it.each(TOKEN_FLAWS)('answers session.hello with an access token that is %s with an error, then closes 4401', async (flaw) => {
    const around = await bystanders();
    const socket = new TestClient(server.wsUrl);
    await socket.opened;
    socket.send({ type: 'session.hello', ref: 'hello-1', token: tokens[flaw], subscriptions: [{ roomId: room.id }] });
    expect(await socket.closed).toBe(4401);
    expect(socket.frames).toEqual([errorFrame('unauthenticated', { ref: 'hello-1' })]);
    await around.stillServed();
    await around.close();
  });

  it('closes a socket that never authenticates with 4401 once the auth timeout passes', async () => {
    const quick = await startServer({ ws: { authTimeoutMs: 200 } });
    const socket = new TestClient(quick.wsUrl);
    await socket.opened;
    expect(await socket.closed).toBe(4401);
    await quick.close();
  });

  it('answers frames sent before session.hello with unauthenticated and keeps the socket open for it', async () => {
    const socket = new TestClient(server.wsUrl);
    await socket.opened;
    const early = await socket.request({ type: 'room.subscribe', roomId: room.id });
    expect(early).toEqual(errorFrame('unauthenticated', { ref: expect.any(String) }));
    expect(await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'early', body: 'hi' })).toEqual(
      errorFrame('unauthenticated', { ref: expect.any(String) }),
    );
    expect(await socket.request({ type: 'session.ping' })).toEqual(errorFrame('unauthenticated', { ref: expect.any(String) }));
    socket.send({ type: 'session.hello', token: user.accessToken });
    expect(await socket.next('session.ready')).toEqual(ready(user));
    const history = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${room.id}/messages`, { token: user.accessToken });
    expect(history.body.messages.map((m) => m.clientMsgId)).not.toContain('early');
    await socket.close();
  });
});

describe('socket: bad frames', () => {
  /** An authenticated socket of a member of `room`, plus bystanders who must not notice it. */
  async function misbehaving() {
    const around = await bystanders();
    const socket = await connect(server.wsUrl, user.accessToken, [{ roomId: room.id }]);
    await socket.next('room.subscribed');
    return { around, socket };
  }

  it.each([
    ['text that is not JSON', '{"type": "session.ping"', undefined],
    ['JSON null', 'null', undefined],
    ['a JSON array', '[{"type":"session.ping"}]', undefined],
    ['a JSON string', '"session.ping"', undefined],
    ['an unknown frame type', '{"type":"room.destroy","ref":"u1","roomId":"x"}', 'u1'],
    ['a frame without a type', '{"ref":"u2","roomId":"x"}', 'u2'],
    ['a non-UUID room id', '{"type":"room.subscribe","ref":"u3","roomId":"lobby"}', 'u3'],
    ['a room id of the wrong type', '{"type":"message.send","ref":"u4","roomId":7,"clientMsgId":"a","body":"b"}', 'u4'],
    ['a body of the wrong type', `{"type":"message.send","ref":"u5","roomId":"${randomUUID()}","clientMsgId":"a","body":["b"]}`, 'u5'],
    ['a missing body', `{"type":"message.send","ref":"u6","roomId":"${randomUUID()}","clientMsgId":"a"}`, 'u6'],
    ['a blank body', `{"type":"message.send","ref":"u7","roomId":"${randomUUID()}","clientMsgId":"a","body":"   "}`, 'u7'],
    ['a clientMsgId with a space', `{"type":"message.send","ref":"u8","roomId":"${randomUUID()}","clientMsgId":"a b","body":"x"}`, 'u8'],
    ['an unknown field', '{"type":"session.ping","ref":"u9","admin":true}', 'u9'],
    ['a negative afterSeq', `{"type":"room.subscribe","ref":"u10","roomId":"${randomUUID()}","afterSeq":-1}`, 'u10'],
    ['a second session.hello', '{"type":"session.hello","ref":"u11","token":"again"}', 'u11'],
  ])('answers %s with invalid_frame and keeps serving everyone', async (_what, raw, ref) => {
    const { around, socket } = await misbehaving();
    socket.sendRaw(raw);
    expect(await socket.next('error')).toEqual(errorFrame('invalid_frame', ref === undefined ? {} : { ref }));
    expect(await socket.request({ type: 'session.ping' })).toEqual({ type: 'session.pong', ref: expect.any(String) });
    await around.stillServed();
    expect(socket.closeCode).toBeUndefined();
    await Promise.all([socket.close(), around.close()]);
  });

  it('names the offending field of an invalid frame', async () => {
    const { around, socket } = await misbehaving();
    const reply = await socket.request({ type: 'message.send', roomId: 'lobby', clientMsgId: 'a', body: 'b' });
    expect(reply).toEqual(errorFrame('invalid_frame', { ref: expect.any(String), message: expect.stringContaining('roomId') }));
    await Promise.all([socket.close(), around.close()]);
  });

  it('answers a binary frame with invalid_frame', async () => {
    const { around, socket } = await misbehaving();
    socket.sendRaw(Buffer.from(JSON.stringify({ type: 'session.ping' })), { binary: true });
    expect(await socket.next('error')).toEqual(errorFrame('invalid_frame'));
    await around.stillServed();
    await Promise.all([socket.close(), around.close()]);
  });

  it('takes a message of exactly 4000 code points and refuses 4001, counting an emoji once', async () => {
    const { around, socket } = await misbehaving();
    const clientMsgId = randomUUID();
    const fits = await socket.request({ type: 'message.send', roomId: room.id, clientMsgId, body: '😀'.repeat(4000) });
    expect(fits).toEqual(acked(room.id, clientMsgId));
    for (const body of ['😀'.repeat(4001), 'a'.repeat(4001)]) {
      const tooLong = await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body });
      expect(tooLong).toEqual(errorFrame('invalid_frame', { ref: expect.any(String), message: expect.stringContaining('body') }));
    }
    const latest = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${room.id}/messages?limit=1`, { token: user.accessToken });
    expect(latest.body.messages[0]?.body).toBe('😀'.repeat(4000));
    await around.stillServed();
    await Promise.all([socket.close(), around.close()]);
  });

  it('closes a socket that sends a frame over 64 KiB with 1009, and only that socket', async () => {
    const { around, socket } = await misbehaving();
    socket.sendRaw(JSON.stringify({ type: 'session.ping', ref: 'x'.repeat(70_000) }));
    expect(await socket.closed).toBe(1009);
    await around.stillServed();
    await around.close();
  });
});

describe('socket: rate limits', () => {
  let tight: TestServer;
  beforeAll(async () => {
    tight = await startServer({ ws: { sendRatePerSecond: 0.1, sendBurst: 2 } });
  });
  afterAll(async () => {
    await tight.close();
  });

  it('refuses sends beyond the burst with rate_limited, without disconnecting or affecting others', async () => {
    const around = await bystanders(tight);
    const spammer = await registerUser(tight.url, 'spammer');
    await api(tight.url, 'POST', `/api/rooms/${around.room.id}/join`, { token: spammer.accessToken, body: {} });
    const socket = await connect(tight.wsUrl, spammer.accessToken);
    const send = (i: number) => socket.request({ type: 'message.send', roomId: around.room.id, clientMsgId: `s${i}`, body: `spam ${i}` });
    expect(await send(1)).toEqual(acked(around.room.id, 's1'));
    expect(await send(2)).toEqual(acked(around.room.id, 's2'));
    expect(await send(3)).toEqual(errorFrame('rate_limited', { ref: expect.any(String) }));
    expect(await socket.request({ type: 'session.ping' })).toEqual({ type: 'session.pong', ref: expect.any(String) });
    expect(socket.closeCode).toBeUndefined();
    const history = await api<HistoryPage>(tight.url, 'GET', `/api/rooms/${around.room.id}/messages`, { token: spammer.accessToken });
    expect(history.body.messages.map((m) => m.clientMsgId)).not.toContain('s3');
    await around.stillServed();
    await Promise.all([socket.close(), around.close()]);
  });

  it('refuses a flood of other frames with rate_limited, without disconnecting', async () => {
    const user2 = await registerUser(tight.url, 'flooder');
    const socket = await connect(tight.wsUrl, user2.accessToken);
    // Non-send frames get five times the send allowance: a burst of 10 here.
    for (let i = 0; i < 12; i++) socket.send({ type: 'session.ping', ref: `f${i}` });
    await socket.next('error', (f) => f.code === 'rate_limited');
    expect(socket.closeCode).toBeUndefined();
    await socket.close();
  });
});

describe('socket: Origin', () => {
  const open = async (origin: string | undefined) => {
    const socket = new TestClient(server.wsUrl, origin === undefined ? {} : { origin });
    const outcome = await socket.opened.then(
      () => 'open',
      (err: unknown) => String(err),
    );
    return { socket, outcome };
  };

  it.each(['https://evil.example', 'http://127.0.0.1.evil.example', 'null'])('refuses the upgrade from Origin %s with 403', async (origin) => {
    const { socket, outcome } = await open(origin);
    expect(outcome).toBe('Error: upgrade refused: 403');
    await socket.close();
  });

  it('accepts the server’s own origin and clients that send no Origin', async () => {
    for (const origin of [new URL(server.url).origin, undefined]) {
      const { socket, outcome } = await open(origin);
      expect(outcome).toBe('open');
      socket.send({ type: 'session.hello', token: user.accessToken });
      expect(await socket.next('session.ready')).toEqual(ready(user));
      await socket.close();
    }
  });

  it('uses the allow-list instead of the own origin when one is configured', async () => {
    const listed = await startServer({ allowedOrigins: ['https://chat.example.com'] });
    const allowed = new TestClient(listed.wsUrl, { origin: 'https://chat.example.com' });
    await allowed.opened;
    const own = new TestClient(listed.wsUrl, { origin: new URL(listed.url).origin });
    await expect(own.opened).rejects.toThrow('upgrade refused: 403');
    await Promise.all([allowed.close(), own.close()]);
    await listed.close();
  });
});
