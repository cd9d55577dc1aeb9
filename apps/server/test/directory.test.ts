import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// Room lists stay current without polling: every signed-in socket hears about public rooms (issue #5).
describe('public room directory', () => {
  let server: TestServer;
  const sockets: TestClient[] = [];
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  it('tells sockets that follow no room about public rooms created, renamed and deleted', async () => {
    const alice = await registerUser(server.url, 'alice');
    const bob = await registerUser(server.url, 'bob');
    const watcher = await connect(server.wsUrl, bob.accessToken, []);
    sockets.push(watcher);

    const room = await createRoom(server.url, alice.accessToken, { name: 'lobby', visibility: 'public' });
    expect(await watcher.next('directory.changed')).toEqual({ type: 'directory.changed', roomId: room.id, change: 'created' });

    await api(server.url, 'PATCH', `/api/rooms/${room.id}`, { token: alice.accessToken, body: { name: 'lobby 2' } });
    expect(await watcher.next('directory.changed')).toEqual({ type: 'directory.changed', roomId: room.id, change: 'updated' });

    expect((await api(server.url, 'DELETE', `/api/rooms/${room.id}`, { token: alice.accessToken })).status).toBe(204);
    expect(await watcher.next('directory.changed')).toEqual({ type: 'directory.changed', roomId: room.id, change: 'deleted' });
  });

  it('says nothing about private rooms', async () => {
    const carol = await registerUser(server.url, 'carol');
    const dave = await registerUser(server.url, 'dave');
    const watcher = await connect(server.wsUrl, dave.accessToken, []);
    sockets.push(watcher);

    const secret = await createRoom(server.url, carol.accessToken, { name: 'secret', visibility: 'private' });
    await api(server.url, 'PATCH', `/api/rooms/${secret.id}`, { token: carol.accessToken, body: { name: 'still secret' } });
    await api(server.url, 'DELETE', `/api/rooms/${secret.id}`, { token: carol.accessToken });
    // A public room afterwards: the first directory frame must be about it, so none came for the private one.
    const open = await createRoom(server.url, carol.accessToken, { name: 'open', visibility: 'public' });
    expect(await watcher.next('directory.changed')).toEqual({ type: 'directory.changed', roomId: open.id, change: 'created' });
    expect(JSON.stringify(watcher.frames)).not.toContain(secret.id);
  });
});
