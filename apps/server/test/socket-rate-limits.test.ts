import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '@parley/protocol';
import { api, createRoom, registerUser } from './helpers/api.js';
import { acked, errorFrame, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, TestClient } from './helpers/ws-client.js';

/** A socket's own limits out of the way (1000/s), so only the per-user ones can refuse. */
const LOOSE_SOCKET = { sendRatePerSecond: 1000, sendBurst: 1000 };

describe('socket rate limits per user, across their sockets', () => {
  let server: TestServer;
  let room: Room;
  let owner: Account;
  beforeAll(async () => {
    server = await startServer({
      ws: LOOSE_SOCKET,
      rateLimits: { socket: { userSendRatePerSecond: 0.1, userSendBurst: 3, userFrameRatePerSecond: 0.1, userFrameBurst: 40, floodCloseAfter: 10_000 } },
    });
    owner = await registerUser(server.url, 'owner');
    room = await createRoom(server.url, owner.accessToken, { name: 'limits' });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function member(prefix: string): Promise<Account> {
    const account = await registerUser(server.url, prefix);
    await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: account.accessToken, body: {} });
    return account;
  }
  const send = (socket: TestClient, id: string) => socket.request({ type: 'message.send', roomId: room.id, clientMsgId: id, body: id });

  it('shares one send budget between all of a user’s sockets; the refused socket stays open', async () => {
    const user = await member('twosockets');
    const phone = await connect(server.wsUrl, user.accessToken);
    const laptop = await connect(server.wsUrl, user.accessToken);
    expect(await send(phone, 'p1')).toEqual(acked(room.id, 'p1'));
    expect(await send(laptop, 'l1')).toEqual(acked(room.id, 'l1'));
    expect(await send(phone, 'p2')).toEqual(acked(room.id, 'p2'));
    expect(await send(laptop, 'l2')).toEqual(errorFrame('rate_limited', { ref: expect.any(String), message: expect.stringMatching(/retry in \d+ ms/) }));
    expect(await laptop.request({ type: 'session.ping' })).toEqual({ type: 'session.pong', ref: expect.any(String) });
    expect(laptop.closeCode).toBeUndefined();
    // Another user has a budget of their own.
    const other = await member('unaffected');
    const theirs = await connect(server.wsUrl, other.accessToken);
    expect(await send(theirs, 'o1')).toEqual(acked(room.id, 'o1'));
    await Promise.all([phone.close(), laptop.close(), theirs.close()]);
  });

  it('keeps the spent budget when the user closes their sockets and opens a new one', async () => {
    const user = await member('reconnects');
    const first = await connect(server.wsUrl, user.accessToken);
    for (const id of ['r1', 'r2', 'r3']) expect(await send(first, id)).toEqual(acked(room.id, id));
    await first.close();
    const second = await connect(server.wsUrl, user.accessToken);
    expect(await send(second, 'r4')).toEqual(errorFrame('rate_limited', { ref: expect.any(String) }));
    await second.close();
  });

  it('shares one frame budget between a user’s sockets', async () => {
    const user = await member('frames');
    const a = await connect(server.wsUrl, user.accessToken);
    const b = await connect(server.wsUrl, user.accessToken);
    // 40 frames for the user, hellos included. Each socket alone stays under it (26), together they do not.
    for (let i = 0; i < 25; i++) a.send({ type: 'session.ping', ref: `a${i}` });
    await a.next('session.pong', (f) => f.ref === 'a24');
    expect(a.frames.some((f) => f.type === 'error')).toBe(false);
    for (let i = 0; i < 25; i++) b.send({ type: 'session.ping', ref: `b${i}` });
    await b.next('error', (f) => f.code === 'rate_limited');
    expect(await a.request({ type: 'session.ping' })).toEqual(errorFrame('rate_limited', { ref: expect.any(String) }));
    expect(a.closeCode).toBeUndefined();
    expect(b.closeCode).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });
});

describe('socket flooding', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Frames: 5 a second, bursts of 10 per socket; 20 refused frames beyond that close the socket.
    server = await startServer({ ws: { sendRatePerSecond: 1, sendBurst: 2 }, rateLimits: { socket: { floodCloseAfter: 20 } } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('closes a socket that keeps sending far past its limit with 1008, and only that socket', async () => {
    const flooder = await registerUser(server.url, 'flooder');
    const bystander = await registerUser(server.url, 'bystander');
    const room = await createRoom(server.url, bystander.accessToken, { name: 'calm' });
    const calm = await connect(server.wsUrl, bystander.accessToken, [{ roomId: room.id }]);
    await calm.next('room.subscribed');
    const socket = await connect(server.wsUrl, flooder.accessToken);
    for (let i = 0; i < 200; i++) socket.send({ type: 'session.ping', ref: `f${i}` });
    expect(await socket.closed).toBe(1008);
    expect(calm.closeCode).toBeUndefined();
    expect(await calm.request({ type: 'message.send', roomId: room.id, clientMsgId: 'c1', body: 'still here' })).toEqual(acked(room.id, 'c1'));
    // The flooder may reconnect: the close is about that socket, not a ban.
    const again = await connect(server.wsUrl, flooder.accessToken);
    expect(await again.request({ type: 'session.ping' })).toEqual({ type: 'session.pong', ref: expect.any(String) });
    await Promise.all([calm.close(), again.close()]);
  });

  it('keeps a socket open through one burst over the limit', async () => {
    const user = await registerUser(server.url, 'bursty');
    const socket = await connect(server.wsUrl, user.accessToken);
    // 25 frames: 10 pass (the hello took one), 15 are refused, fewer than the 20 that close it.
    for (let i = 0; i < 25; i++) socket.send({ type: 'session.ping', ref: `b${i}` });
    await socket.next('error', (f) => f.code === 'rate_limited');
    await new Promise((r) => setTimeout(r, 100));
    expect(socket.closeCode).toBeUndefined();
    await socket.close();
  });
});

describe('socket upgrades', () => {
  it('refuses upgrades past the per-address budget with 429, before any token is read', async () => {
    const server = await startServer({ rateLimits: { rest: { perUser: { max: 100, windowSeconds: 60 }, perIp: { max: 2, windowSeconds: 60 } } } });
    try {
      const opened = [new TestClient(server.wsUrl), new TestClient(server.wsUrl)];
      await Promise.all(opened.map((c) => c.opened));
      const third = new TestClient(server.wsUrl);
      await expect(third.opened).rejects.toThrow(/429/);
      await Promise.all(opened.map((c) => c.close()));
    } finally {
      await server.close();
    }
  });
});
