import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { acked, errorBody, errorFrame } from './helpers/bodies.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { connect } from './helpers/ws-client.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;

// The server reaches PostgreSQL through a proxy the test controls, so "the database went away"
// is a cut we make and undo, not a stopped service.
describe.skipIf(!postgres.available)('PostgreSQL outage', () => {
  let db: ScratchDatabase;
  let proxy: TcpProxy;
  let server: TestServer;

  beforeAll(async () => {
    db = await postgres.create();
    const target = new URL(db.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    server = await startServer({ databaseUrl: viaProxy.toString() });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await server?.close();
    await proxy?.cut();
    await db?.drop();
  });

  it('answers sends with unavailable while the database is gone, keeps the socket, and recovers without a restart', async () => {
    const alice = await registerUser(server.url, 'outage');
    const room = await createRoom(server.url, alice.accessToken, { name: 'outage' });
    const ws = await connect(server.wsUrl, alice.accessToken);
    expect(await ws.request({ type: 'message.send', roomId: room.id, clientMsgId: 'before', kind: 'text', body: 'one' })).toEqual(
      acked(room.id, 'before'),
    );

    await proxy.cut();
    const failed = await ws.request({ type: 'message.send', roomId: room.id, clientMsgId: 'during', kind: 'text', body: 'two' });
    expect(failed).toEqual(errorFrame('unavailable', { ref: expect.any(String) }));
    const rest = await api(server.url, 'GET', `/api/rooms/${room.id}/messages`, { token: alice.accessToken });
    expect(rest).toEqual({ status: 503, body: errorBody('unavailable') });
    const ready = await api(server.url, 'GET', '/readyz');
    expect(ready).toEqual({ status: 503, body: { status: 'unavailable', checks: { database: 'failing', bus: 'ok' } } });
    expect(ws.closeCode).toBeUndefined();

    await proxy.restore();
    // The same clientMsgId again: stored once, whatever the failed attempt got as far as.
    const retried = await ws.request({ type: 'message.send', roomId: room.id, clientMsgId: 'during', kind: 'text', body: 'two' });
    expect(retried).toEqual(acked(room.id, 'during'));
    expect((await api(server.url, 'GET', '/readyz')).status).toBe(200);
    const history = await api<{ messages: Array<{ body: string }> }>(server.url, 'GET', `/api/rooms/${room.id}/messages`, {
      token: alice.accessToken,
    });
    expect(history.body.messages.map((m) => m.body).filter((b) => b === 'two')).toHaveLength(1);
    await ws.close();
  }, 30_000);
});
