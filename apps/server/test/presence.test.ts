import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '@parley/protocol';
import { api, createRoom, registerUser } from './helpers/api.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, TestClient } from './helpers/ws-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ ws: { pingIntervalMs: 1000, authTimeoutMs: 300 } });
});
afterAll(async () => {
  await server.close();
});

async function pair() {
  const alice = await registerUser(server.url, 'alice');
  const bob = await registerUser(server.url, 'bob');
  const room = await createRoom(server.url, alice.accessToken);
  await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken, body: {} });
  return { alice, bob, room };
}

describe('presence', () => {
  it('counts a user with two tabs online once and offline only when the last tab closes', async () => {
    const { alice, bob, room } = await pair();
    const watcher = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    await watcher.next('room.subscribed');
    const tab1 = await connect(server.wsUrl, bob.accessToken);
    const tab2 = await connect(server.wsUrl, bob.accessToken);
    const online = await watcher.next('presence.updated', (f) => f.online.includes(bob.user.id));
    // Alice's own arrival may share the coalescing window, hence arrayContaining.
    expect(online).toEqual({ type: 'presence.updated', roomId: room.id, onlineCount: 2, online: expect.arrayContaining([bob.user.id]), offline: [] });
    const listed = await api<{ rooms: Room[] }>(server.url, 'GET', '/api/rooms', { token: alice.accessToken });
    expect(listed.body.rooms.find((r) => r.id === room.id)?.onlineCount).toBe(2);

    await tab1.close();
    await tab2.close();
    const offline = await watcher.next('presence.updated', (f) => f.offline.includes(bob.user.id));
    expect(offline).toMatchObject({ onlineCount: 1, online: [], offline: [bob.user.id] });
    // Exactly one online and one offline announcement for bob, however many tabs he had.
    const aboutBob = watcher.frames.filter((f) => f.type === 'presence.updated' && [...f.online, ...f.offline].includes(bob.user.id));
    expect(aboutBob).toHaveLength(2);
    await watcher.close();
  });

  it('says nothing at all when a socket flaps within one coalescing window', async () => {
    const { alice, bob, room } = await pair();
    const watcher = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    await watcher.next('room.subscribed');
    const steady = await connect(server.wsUrl, bob.accessToken);
    await watcher.next('presence.updated', (f) => f.online.includes(bob.user.id));
    const flap = await connect(server.wsUrl, bob.accessToken);
    await flap.close();
    // A marker event after the flap: everything about the flap would have arrived before it.
    await steady.close();
    await watcher.next('presence.updated', (f) => f.offline.includes(bob.user.id));
    const aboutBob = watcher.frames.filter((f) => f.type === 'presence.updated' && [...f.online, ...f.offline].includes(bob.user.id));
    expect(aboutBob).toHaveLength(2);
    await watcher.close();
  });

  it('lists members with their online state, online first', async () => {
    const { alice, bob, room } = await pair();
    const b = await connect(server.wsUrl, bob.accessToken);
    const res = await api<{ members: Array<{ user: { id: string }; online: boolean; role: string }> }>(
      server.url,
      'GET',
      `/api/rooms/${room.id}/members`,
      { token: alice.accessToken },
    );
    expect(res.body.members.map((m) => [m.user.id, m.online, m.role])).toEqual([
      [bob.user.id, true, 'member'],
      [alice.user.id, false, 'owner'],
    ]);
    await b.close();
  });
});

describe('typing', () => {
  it('relays typing to other subscribers but not back to the typist', async () => {
    const { alice, bob, room } = await pair();
    const a = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    const b = await connect(server.wsUrl, bob.accessToken, [{ roomId: room.id }]);
    await Promise.all([a.next('room.subscribed'), b.next('room.subscribed')]);
    a.send({ type: 'typing.start', roomId: room.id });
    expect(await b.next('typing.updated')).toEqual({
      type: 'typing.updated',
      roomId: room.id,
      user: { id: alice.user.id, username: alice.user.username, displayName: alice.user.displayName },
      typing: true,
    });
    a.send({ type: 'typing.stop', roomId: room.id });
    expect((await b.next('typing.updated')).typing).toBe(false);
    expect(a.frames.some((f) => f.type === 'typing.updated')).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('liveness', () => {
  it('drops a peer that stops answering pings', async () => {
    const alice = await registerUser(server.url, 'alice');
    const dead = new TestClient(server.wsUrl, { autoPong: false });
    await dead.opened;
    dead.send({ type: 'session.hello', token: alice.accessToken });
    await dead.next('session.ready');
    expect(await dead.closed).toBe(1006);
  });

  it('closes a socket that does not authenticate in time with 4401', async () => {
    const idle = new TestClient(server.wsUrl);
    await idle.opened;
    expect(await idle.closed).toBe(4401);
  });

  it('keeps a live peer connected across several ping intervals', async () => {
    const alice = await registerUser(server.url, 'alice');
    const live = await connect(server.wsUrl, alice.accessToken);
    await new Promise((r) => setTimeout(r, 2500));
    const pong = await live.request({ type: 'session.ping' });
    expect(pong.type).toBe('session.pong');
    await live.close();
  });
});
