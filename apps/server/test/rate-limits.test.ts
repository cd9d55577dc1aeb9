import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { registerUser } from './helpers/api.js';
import { errorBody } from './helpers/bodies.js';
import { adminClient, deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from './helpers/redis.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { textBytes, upload } from './helpers/uploads.js';

/** A request with its headers, which the 429 tests are about. */
async function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as unknown };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exhausts a budget of `max` and returns the first refused answer. */
async function exhaust(max: number, request: () => ReturnType<typeof call>) {
  for (let i = 0; i < max; i++) expect((await request()).status).not.toBe(429);
  return request();
}

describe('REST rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      rateLimits: {
        rest: { perUser: { max: 5, windowSeconds: 1 }, perIp: { max: 1000, windowSeconds: 60 } },
        uploads: { max: 2, windowSeconds: 60 },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a user over their budget with 429 rate_limited, Retry-After and x-ratelimit headers, then lets them in after the window', async () => {
    const alice = await registerUser(server.url, 'limited');
    const first = await call(server.url, 'GET', '/api/me', bearer(alice.accessToken));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('5');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4');
    const refused = await exhaust(4, () => call(server.url, 'GET', '/api/me', bearer(alice.accessToken)));
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(errorBody('rate_limited', expect.stringMatching(/retry in \d+ s/)));
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('5');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    await sleep(1100);
    expect((await call(server.url, 'GET', '/api/me', bearer(alice.accessToken))).status).toBe(200);
  });

  it('counts each user on their own: one user at the limit leaves another unaffected', async () => {
    const greedy = await registerUser(server.url, 'greedy');
    const other = await registerUser(server.url, 'other');
    const refused = await exhaust(5, () => call(server.url, 'GET', '/api/rooms', bearer(greedy.accessToken)));
    expect(refused.status).toBe(429);
    const res = await call(server.url, 'GET', '/api/rooms', bearer(other.accessToken));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4');
  });

  it('never limits health, readiness, metrics or the web client', async () => {
    for (let i = 0; i < 10; i++) {
      for (const path of ['/healthz', '/readyz', '/metrics', '/', '/rooms/abc']) {
        const res = await fetch(server.url + path);
        expect(res.status, path).not.toBe(429);
        expect(res.headers.get('x-ratelimit-limit'), path).toBeNull();
        await res.arrayBuffer();
      }
    }
  });

  it('gives uploads a separate, lower budget per user, and closes the connection instead of reading a refused body', async () => {
    const uploader = await registerUser(server.url, 'uploader');
    for (let i = 0; i < 2; i++) expect((await upload(server.url, uploader.accessToken, textBytes(`file ${i}`), `f${i}.txt`)).status).toBe(201);
    const refused = await fetch(`${server.url}/api/uploads`, {
      method: 'POST',
      headers: bearer(uploader.accessToken),
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob([textBytes('third')]), 'f3.txt');
        return form;
      })(),
    });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual(errorBody('rate_limited'));
    expect(refused.headers.get('connection')).toBe('close');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1);
    // The avatar shares the upload budget; the rest of the API does not.
    const avatar = await upload(server.url, uploader.accessToken, textBytes('x'), 'a.png', '/api/me/avatar', 'PUT');
    expect(avatar).toEqual({ status: 429, body: errorBody('rate_limited') });
    expect((await call(server.url, 'GET', '/api/me', bearer(uploader.accessToken))).status).toBe(200);
  });
});

describe('REST rate limits per IP', () => {
  it('limits routes without sign-in per client IP', async () => {
    // A server of its own: the registrations of the other tests come from the same address.
    const server = await startServer({ rateLimits: { rest: { perUser: { max: 100, windowSeconds: 60 }, perIp: { max: 4, windowSeconds: 60 } } } });
    try {
      const refused = await exhaust(4, () => call(server.url, 'POST', '/api/auth/refresh', {}, { refreshToken: 'nope' }));
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual(errorBody('rate_limited'));
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1);
      // Signed-in routes count per user, so the same address is still served there.
      expect((await call(server.url, 'GET', '/api/me', bearer('not-a-token'))).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('trustProxy', () => {
  const limits = { rest: { perUser: { max: 100, windowSeconds: 60 }, perIp: { max: 2, windowSeconds: 60 } } };
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const refresh = (server: TestServer, ip: string) => call(server.url, 'POST', '/api/auth/refresh', from(ip), { refreshToken: 'nope' });

  it('ignores X-Forwarded-For by default, so a client cannot pick a fresh address per request', async () => {
    const server = await startServer({ rateLimits: limits });
    try {
      await refresh(server, '203.0.113.1');
      await refresh(server, '203.0.113.2');
      expect((await refresh(server, '203.0.113.3')).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('counts per forwarded client address when the proxy is trusted', async () => {
    const server = await startServer({ rateLimits: limits, trustProxy: ['127.0.0.1'] });
    try {
      await refresh(server, '203.0.113.1');
      await refresh(server, '203.0.113.1');
      expect((await refresh(server, '203.0.113.1')).status).toBe(429);
      expect((await refresh(server, '203.0.113.2')).status).not.toBe(429);
      // A spoofed entry before the proxy's own is not believed: the client is the nearest untrusted address.
      expect((await refresh(server, '198.51.100.7, 203.0.113.1')).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('reads PARLEY_TRUST_PROXY as true/false or a list, and names the key on a bad entry', () => {
    const load = (value: string) => loadConfig({ env: { PARLEY_TRUST_PROXY: value }, cwd: '/nonexistent' }).trustProxy;
    expect(load('true')).toBe(true);
    expect(load('false')).toBe(false);
    expect(load('loopback, 10.0.0.0/8,fd00::/8')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
    expect(() => load('10.0.0.0/33')).toThrow(/config: trustProxy\.0 must be IP addresses or CIDRs.*PARLEY_TRUST_PROXY/);
    expect(() => load('2')).toThrow(/trustProxy/);
  });

  it('takes the main limits from PARLEY_* variables and refuses nonsense with the key and its source', () => {
    const env = {
      PARLEY_RATE_LIMIT_USER_MAX: '50',
      PARLEY_RATE_LIMIT_IP_MAX: '40',
      PARLEY_RATE_LIMIT_UPLOADS_MAX: '5',
      PARLEY_LOGIN_FREE_FAILURES: '3',
      PARLEY_LOGIN_MAX_FAILURES: '9',
      PARLEY_LOGIN_WINDOW_SECONDS: '120',
      PARLEY_RATE_LIMITS_ENABLED: 'false',
    };
    const { rateLimits } = loadConfig({ env, cwd: '/nonexistent' });
    expect(rateLimits).toMatchObject({
      enabled: false,
      rest: { perUser: { max: 50 }, perIp: { max: 40 } },
      uploads: { max: 5 },
      login: { windowSeconds: 120, perUsername: { free: 3, max: 9 } },
    });
    expect(() => loadConfig({ env: { PARLEY_RATE_LIMIT_USER_MAX: '0' }, cwd: '/nonexistent' })).toThrow(
      /^config: rateLimits\.rest\.perUser\.max .*\(from PARLEY_RATE_LIMIT_USER_MAX\)$/,
    );
    expect(() => loadConfig({ env: { PARLEY_LOGIN_FREE_FAILURES: '30' }, cwd: '/nonexistent' })).toThrow(/rateLimits\.login\.perUsername.*max must be above free/);
  });
});

describe.skipIf(!redisAvailable)('REST rate limits shared through Redis', () => {
  let admin: Redis;
  const prefix = uniquePrefix();
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    admin = adminClient();
    const shared = { redisUrl: REDIS_URL, redisKeyPrefix: prefix, rateLimits: { rest: { perUser: { max: 100, windowSeconds: 60 }, perIp: { max: 3, windowSeconds: 60 } } } };
    a = await startServer(shared);
    b = await startServer(shared);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await deleteKeys(admin, prefix);
    await admin?.quit();
  });

  it('counts requests to two instances together, under the configured key prefix', async () => {
    const refresh = (s: TestServer) => call(s.url, 'POST', '/api/auth/refresh', {}, { refreshToken: 'nope' });
    await refresh(a);
    await refresh(b);
    await refresh(a);
    const refused = await refresh(b);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(errorBody('rate_limited'));
    const keys = await admin.keys(`${prefix}ratelimit:*`);
    expect(keys).toContain(`${prefix}ratelimit:rest:ip:127.0.0.1`);
  });
});

describe.skipIf(!redisAvailable)('REST rate limits while Redis is away', () => {
  it('keeps limiting with each instance’s own counters, and says so once in the log', async () => {
    const admin = adminClient();
    const prefix = uniquePrefix();
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    const viaProxy = new URL(REDIS_URL);
    viaProxy.port = String(proxy.port);
    const lines: string[] = [];
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const limits = { rest: { perUser: { max: 100, windowSeconds: 60 }, perIp: { max: 3, windowSeconds: 60 } } };
    const server = await startServer({ redisUrl: viaProxy.toString(), redisKeyPrefix: prefix, rateLimits: limits }, { logStream: logs });
    const refresh = () => call(server.url, 'POST', '/api/auth/refresh', {}, { refreshToken: 'nope' });
    try {
      expect((await refresh()).status).not.toBe(429);
      expect(await admin.get(`${prefix}ratelimit:rest:ip:127.0.0.1`)).toBe('1');
      await proxy.cut();
      // Counted afresh on this instance: three more pass, the fourth is refused.
      for (let i = 0; i < 3; i++) expect((await refresh()).status).not.toBe(429);
      const refused = await refresh();
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual(errorBody('rate_limited'));
      const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.msg.startsWith('rate limit counters unavailable'));
      expect(warnings).toEqual([expect.objectContaining({ level: 40 })]);
    } finally {
      await server.close();
      await proxy.restore();
      await deleteKeys(admin, prefix);
      await admin.quit();
      await proxy.cut();
    }
  });
});
