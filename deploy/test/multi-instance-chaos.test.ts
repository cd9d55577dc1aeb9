import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryPage, Message } from '@parley/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from '../../apps/server/test/helpers/api.js';
import { ChaosClient } from '../../apps/server/test/helpers/chaos-client.js';
import { DIALECTS, type ScratchDatabase } from '../../apps/server/test/helpers/dialects.js';
import { Instance } from './helpers/instances.js';
import { NGINX, startNginx, type RunningNginx } from './helpers/nginx.js';

// Issue #6: three Parley processes on PostgreSQL + Redis behind nginx; instances are SIGKILLed and
// SIGTERMed mid-chat and every client must still end with exactly the stored history.
const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLIENTS = 60;
const ROOMS = 5;
const MESSAGES = 1500;

async function redisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;
const hasRedis = await redisReachable();
const ready = postgres.available && hasRedis && NGINX !== undefined;
if (!ready) {
  const missing = [!postgres.available && 'PostgreSQL', !hasRedis && `Redis at ${REDIS_URL}`, NGINX === undefined && 'nginx'].filter(Boolean).join(', ');
  if (process.env.CI === 'true') throw new Error(`the scale-out test needs ${missing} under CI=true`);
  process.stderr.write(`\n!!! ${missing} missing: SKIPPING deploy/test/scale-out.test.ts !!!\n\n`);
}

async function until(condition: () => boolean, what: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!ready)('three instances behind nginx on PostgreSQL + Redis', () => {
  let db: ScratchDatabase;
  let dataDir: string;
  let nginx: RunningNginx;
  const instances: Instance[] = [];
  const clients: ChaosClient[] = [];

  beforeAll(async () => {
    db = await postgres.create();
    dataDir = mkdtempSync(join(tmpdir(), 'parley-scale-'));
    const env = {
      PARLEY_DATABASE_URL: db.url,
      PARLEY_REDIS_URL: REDIS_URL,
      PARLEY_REDIS_KEY_PREFIX: `parley-test-${process.pid}-${Date.now()}:`,
      PARLEY_DATA_DIR: dataDir,
      PARLEY_JWT_SECRET: 'scale-out-test-secret-'.padEnd(48, 'x'),
      PARLEY_LOG_LEVEL: 'warn',
      // Rate limits are tested elsewhere; here they would only slow the run down.
      PARLEY_WS_SEND_RATE_PER_SECOND: '10000',
      PARLEY_WS_SEND_BURST: '100000',
      // 60 registrations from one address would trip the register throttle.
      PARLEY_RATE_LIMITS_ENABLED: 'false',
    };
    for (const name of ['a', 'b', 'c']) instances.push(await Instance.create(name, env));
    // The first one alone runs the migrations, so the others never race on them.
    await instances[0]!.start();
    await Promise.all(instances.slice(1).map((i) => i.start()));
    nginx = await startNginx(instances.map((i) => `127.0.0.1:${i.port}`));
  }, 60_000);

  afterAll(async () => {
    clients.forEach((c) => c.stop());
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.kill()));
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function fullHistory(roomId: string, token: string): Promise<Message[]> {
    const all: Message[] = [];
    for (;;) {
      const after = all.at(-1)?.seq ?? 0;
      const page = await api<HistoryPage>(nginx.url, 'GET', `/api/rooms/${roomId}/messages?after=${after}&limit=100`, { token });
      if (page.status !== 200) throw new Error(`history ${page.status}`);
      all.push(...page.body.messages);
      if (!page.body.hasMore) return all;
    }
  }

  it('loses and duplicates nothing while instances are killed and restarted', async () => {
    const users = [];
    for (let i = 0; i < CLIENTS; i++) users.push(await registerUser(nginx.url, `scale${i}`));
    const owner = users[0]!;
    const rooms = [];
    for (let i = 0; i < ROOMS; i++) rooms.push(await createRoom(nginx.url, owner.accessToken, { name: `scale ${i}` }));
    const roomIds = rooms.map((r) => r.id);
    // Each client chats in two of the five rooms.
    const roomsOf = (i: number) => [roomIds[i % ROOMS]!, roomIds[(i + 1) % ROOMS]!];
    for (let i = 1; i < CLIENTS; i++) {
      for (const roomId of roomsOf(i)) {
        const res = await api(nginx.url, 'POST', `/api/rooms/${roomId}/join`, { token: users[i]!.accessToken, body: {} });
        expect(res.status).toBe(200);
      }
    }
    users.forEach((u, i) => clients.push(new ChaosClient(nginx.wsUrl, nginx.url, u.accessToken, i === 0 ? roomIds : roomsOf(i), `c${i}`)));
    clients.forEach((c) => c.connect());
    await until(() => clients.every((c) => c.socket !== undefined), () => 'all clients connected', 20_000);

    const events: string[] = [];
    const chaosAt = new Map<number, () => Promise<void>>([
      [300, async () => killAndRestart()],
      [600, async () => killAndRestart()],
      [900, async () => {
        const victim = instances[Math.floor(Math.random() * instances.length)]!;
        const { code, ms } = await victim.terminate();
        events.push(`SIGTERM ${victim.name}: exit ${code} in ${ms} ms`);
        expect(code, victim.log).toBe(0);
        expect(ms).toBeLessThan(10_000);
        await victim.start();
      }],
      [1200, async () => killAndRestart()],
    ]);
    async function killAndRestart(): Promise<void> {
      const victim = instances[Math.floor(Math.random() * instances.length)]!;
      await victim.kill();
      events.push(`SIGKILL ${victim.name}`);
      await new Promise((r) => setTimeout(r, 300));
      await victim.start();
    }

    for (let sent = 0; sent < MESSAGES; sent++) {
      const i = sent % CLIENTS;
      const client = clients[i]!;
      const own = i === 0 ? roomIds : roomsOf(i);
      client.send(`s${sent}`, own[sent % own.length]!, `message ${sent} 消息`);
      if (sent % 20 === 19) await new Promise((r) => setTimeout(r, 15));
      const chaos = chaosAt.get(sent);
      if (chaos) await chaos();
    }

    await until(() => clients.every((c) => c.outbox.size === 0), () => `every send acknowledged (${events.join('; ')}); nginx: ${readFileSync(`${nginx.dir}/error.log`, 'utf8').split('\n').filter((l) => !l.includes('no live upstreams')).slice(-8).join('\n')}; access: ${[...readFileSync(`${nginx.dir}/access.log`, 'utf8').matchAll(/" (\d{3}) /g)].map((m) => m[1]).join(',').slice(-3000)}; ${instances.map((i) => `[${i.name}] ${i.log.slice(-1000)}`).join('\n')}: ${clients.filter((c) => c.outbox.size > 0).map((c) => c.describe()).join('; ')}`, 30_000);
    const histories = new Map<string, Message[]>();
    for (const id of roomIds) histories.set(id, await fullHistory(id, owner.accessToken));
    await until(
      () => clients.every((c) => [...c.rooms].every(([id, v]) => v.lastSeq === histories.get(id)!.at(-1)!.seq)),
      () => `every client caught up: ${clients.map((c) => c.describe()).join('; ')}`,
      30_000,
    );

    const stored = [...histories.values()].flat().filter((m) => m.kind === 'text');
    const storedIds = stored.map((m) => m.clientMsgId);
    const delivered = clients.reduce((n, c) => n + [...c.rooms.values()].reduce((k, v) => k + v.received.filter((m) => m.kind === 'text').length, 0), 0);
    const expectedDeliveries = stored.reduce((n, m) => n + clients.filter((c) => c.rooms.has(m.roomId)).length, 0);
    const lost = expectedDeliveries - delivered;
    const duplicated = storedIds.length - new Set(storedIds).size;
    process.stdout.write(
      `scale-out: ${events.join('; ')}; sent ${MESSAGES}, stored ${stored.length}, delivered ${delivered} of ${expectedDeliveries}, lost ${lost}, duplicated ${duplicated}\n`,
    );

    expect(clients.flatMap((c) => c.violations)).toEqual([]);
    expect(stored).toHaveLength(MESSAGES);
    expect(new Set(storedIds)).toEqual(new Set(Array.from({ length: MESSAGES }, (_, i) => `s${i}`)));
    expect(duplicated).toBe(0);
    for (const c of clients) {
      for (const [roomId, view] of c.rooms) expect(view.received.map((m) => m.seq)).toEqual(histories.get(roomId)!.map((m) => m.seq));
    }
    expect(lost).toBe(0);
  }, 120_000);
});
