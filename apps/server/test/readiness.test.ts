import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers/api.js';
import { REDIS_URL, redisAvailable, uniquePrefix } from './helpers/redis.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

/** Polls /readyz until it answers `status`; ioredis reconnects on its own schedule. */
async function readyzBecomes(url: string, status: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(url, 'GET', '/readyz');
    if (res.status === status || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Redis reached through a proxy the test cuts and restores, as for the database outage test.
describe.skipIf(!redisAvailable)('readiness with Redis', () => {
  let proxy: TcpProxy;
  let server: TestServer;
  beforeAll(async () => {
    const target = new URL(REDIS_URL);
    proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    const viaProxy = new URL(REDIS_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    server = await startServer({ redisUrl: viaProxy.toString(), redisKeyPrefix: uniquePrefix() });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await server?.close();
    await proxy?.cut();
  });

  it('is not ready while Redis is unreachable, stays alive, and is ready again once it is back', async () => {
    expect(await api(server.url, 'GET', '/readyz')).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok', bus: 'ok' } } });
    await proxy.cut();
    expect(await readyzBecomes(server.url, 503)).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { database: 'ok', bus: 'failing' } },
    });
    expect(await api(server.url, 'GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    await proxy.restore();
    expect((await readyzBecomes(server.url, 200)).status).toBe(200);
  }, 30_000);
});
