import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryPage, Message } from '@parley/protocol';
import { api, createRoom, registerUser } from './helpers/api.js';
import { ChaosClient } from './helpers/chaos-client.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { startServer, type TestServer } from './helpers/start-server.js';

const CLIENTS = 20;
const ROOMS = 3;
const MESSAGES = 2000;

// One engine per pass of `npm test`: SQLite in the first, then PARLEY_TEST_DIALECT's (postgres in the
// second pass, mysql in the third). Each engine runs this heavy test once instead of once per pass.
const ENGINE = process.env.PARLEY_TEST_DIALECT ?? 'sqlite';

for (const dialect of DIALECTS.filter((d) => d.name === ENGINE)) {
describe.skipIf(!dialect.available)(`exact-once delivery under socket chaos on ${dialect.name}`, () => {
let server: TestServer;
let db: ScratchDatabase;
beforeAll(async () => {
  db = await dialect.create();
  // Rate limits are covered elsewhere; here they would only slow the run down. A small replay
  // limit makes some reconnects go through room.resync-required and history paging.
  server = await startServer({ databaseUrl: db.url, ws: { sendRatePerSecond: 10_000, sendBurst: 100_000, replayLimit: 200 } });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

async function fullHistory(roomId: string, token: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const after = all.at(-1)?.seq ?? 0;
    const page = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${roomId}/messages?after=${after}&limit=100`, { token });
    all.push(...page.body.messages);
    if (!page.body.hasMore) return all;
  }
}

async function until(condition: () => boolean, what: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

  it('leaves every client with exactly the stored history: seqs 1..N, no gap, no duplicate', async () => {
    const users = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => registerUser(server.url, `chaos${i}`)));
    const owner = users[0]!;
    const rooms = await Promise.all(Array.from({ length: ROOMS }, (_, i) => createRoom(server.url, owner.accessToken, { name: `chaos ${i}` })));
    for (const u of users.slice(1)) {
      for (const r of rooms) await api(server.url, 'POST', `/api/rooms/${r.id}/join`, { token: u.accessToken, body: {} });
    }
    const roomIds = rooms.map((r) => r.id);
    const clients = users.map((u, i) => new ChaosClient(server.wsUrl, server.url, u.accessToken, roomIds, `c${i}`));
    clients.forEach((c) => c.connect());

    let sent = 0;
    let clientKills = 0;
    let serverKills = 0;
    while (sent < MESSAGES) {
      for (let burst = 0; burst < 20 && sent < MESSAGES; burst++, sent++) {
        const c = clients[sent % CLIENTS]!;
        c.send(`m${sent}`, roomIds[sent % ROOMS]!, `message ${sent} 消息`);
      }
      if (Math.random() < 0.5) {
        clients[Math.floor(Math.random() * CLIENTS)]!.socket?.terminate();
        clientKills++;
      } else {
        const sockets = [...server.app.websocketServer.clients];
        sockets[Math.floor(Math.random() * sockets.length)]?.terminate();
        serverKills++;
      }
      await new Promise((r) => setTimeout(r, 5));
    }

    const histories = new Map<string, Message[]>();
    const latest = async () => {
      for (const id of roomIds) histories.set(id, await fullHistory(id, owner.accessToken));
    };
    await until(() => clients.every((c) => c.outbox.size === 0), () => `every send acknowledged; waiting: ${clients.filter((c) => c.outbox.size > 0).map((c) => c.describe()).join('; ')}`, 60_000);
    await latest();
    await until(
      () => clients.every((c) => roomIds.every((id) => c.rooms.get(id)!.lastSeq === histories.get(id)!.length)),
      () => `every client caught up; behind: ${clients.map((c) => c.describe()).join('; ')}`,
      60_000,
    );
    clients.forEach((c) => c.stop());

    expect(clientKills + serverKills).toBeGreaterThan(50);
    expect(clients.reduce((n, c) => n + c.connects, 0)).toBeGreaterThan(CLIENTS + 50);
    expect(clients.flatMap((c) => c.violations)).toEqual([]);
    const textIds: string[] = [];
    for (const id of roomIds) {
      const history = histories.get(id)!;
      expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
      textIds.push(...history.filter((m) => m.kind === 'text').map((m) => m.clientMsgId!));
      for (const c of clients) {
        expect(c.rooms.get(id)!.received.map((m) => m.id)).toEqual(history.map((m) => m.id));
      }
    }
    expect(textIds).toHaveLength(MESSAGES);
    expect(new Set(textIds).size).toBe(MESSAGES);
  }, 120_000);
});
}
