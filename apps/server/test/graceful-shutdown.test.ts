import { afterEach, expect, it } from 'vitest';
import type { Message, ServerFrame } from '@parley/protocol';
import { api, createRoom, registerUser } from './helpers/api.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

const SENDS = 60;
const databases: ScratchDatabase[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close().catch(() => undefined);
  for (const d of databases.splice(0)) await d.drop();
});

const fast = { sendRatePerSecond: 10_000, sendBurst: 10_000 };

for (const dialect of DIALECTS) {
it.skipIf(!dialect.available)(`closes every socket with 1012 and loses no acknowledged send; a resend of any other is stored once (${dialect.name})`, async () => {
  const db = await dialect.create();
  databases.push(db);
  const databaseUrl = db.url;
  const first = await startServer({ databaseUrl, ws: fast });
  const alice = await registerUser(first.url, 'shutdown');
  const room = await createRoom(first.url, alice.accessToken, { name: 'shutdown' });
  const sender = await connect(first.wsUrl, alice.accessToken);
  const idle = await connect(first.wsUrl, alice.accessToken);

  // A burst of sends, and shutdown as soon as the first is acknowledged: the rest are in flight.
  for (let i = 0; i < SENDS; i++) {
    sender.send({ type: 'message.send', ref: `s${i}`, roomId: room.id, clientMsgId: `m${i}`, kind: 'text', body: `n${i}` });
  }
  await sender.next('message.acked');
  const started = Date.now();
  await first.close();
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(await sender.closed).toBe(1012);
  expect(await idle.closed).toBe(1012);

  const ackedBefore = new Set(sender.frames.flatMap((f: ServerFrame) => (f.type === 'message.acked' ? [f.clientMsgId] : [])));
  expect(ackedBefore.size).toBeGreaterThan(0);

  // The client reconnects (here: to the next instance on the same database) and resends what it never saw acked.
  const second = await startServer({ databaseUrl, ws: fast });
  servers.push(second);
  const again = await connect(second.wsUrl, alice.accessToken);
  const resent = new Map<string, boolean>();
  for (let i = 0; i < SENDS; i++) {
    const id = `m${i}`;
    if (ackedBefore.has(id)) continue;
    const reply = await again.request({ type: 'message.send', roomId: room.id, clientMsgId: id, kind: 'text', body: `n${i}` });
    if (reply.type !== 'message.acked') throw new Error(`resend of ${id} refused: ${JSON.stringify(reply)}`);
    resent.set(id, reply.duplicate);
  }
  await again.close();

  const history = await api<{ messages: Message[] }>(second.url, 'GET', `/api/rooms/${room.id}/messages?limit=100`, { token: alice.accessToken });
  const bodies = history.body.messages.filter((m) => m.kind === 'text').map((m) => m.body);
  // Each send is stored exactly once, whether it was acked before shutdown, stored but unacked, or never stored.
  expect(bodies.sort()).toEqual(Array.from({ length: SENDS }, (_, i) => `n${i}`).sort());
  for (const id of ackedBefore) expect(resent.has(id)).toBe(false);
});
}

it('answers /readyz 503 while shutting down, and /healthz until then', async () => {
  const server = await startServer();
  expect(await api(server.url, 'GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  expect(await api(server.url, 'GET', '/readyz')).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok', bus: 'ok' } } });
  // Keep a socket open so shutdown has something to drain, and probe in the middle of it.
  const ws = await connect(server.wsUrl, (await registerUser(server.url, 'ready')).accessToken);
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  const closing = server.close();
  const during = await fetch(`${server.url}/readyz`).then(
    (r) => r.status,
    () => 'refused' as const,
  );
  // Either the listener is still up and says 503, or it is already gone: never "ready".
  expect([503, 'refused']).toContain(during);
  await closing;
  expect(await ws.closed).toBe(1012);
});
