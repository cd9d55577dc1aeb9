import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../src/config/schema.js';
import { registerUser } from './helpers/api.js';
import { errorBody } from './helpers/bodies.js';
import { adminClient, deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from './helpers/redis.js';
import { startServer, type TestServer } from './helpers/start-server.js';

type Limits = NonNullable<ConfigInput['rateLimits']>;

/** Small numbers and short delays, so a test never waits more than about a second in total. */
const TIGHT: Limits = {
  login: { windowSeconds: 60, perIp: { free: 100, max: 1000 }, perUsername: { free: 2, max: 4 } },
  delay: { baseMs: 100, maxMs: 200, maxWaiting: 1000 },
};

async function attempt(server: TestServer, path: '/api/auth/login' | '/api/auth/register', username: string, password: string) {
  const started = performance.now();
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as unknown;
  return { status: res.status, body, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started };
}

const login = (server: TestServer, username: string, password = 'wrong password') => attempt(server, '/api/auth/login', username, password);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let counter = 0;
const unknownName = () => `nobody_${process.pid}_${++counter}`;

describe('login throttle', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ rateLimits: TIGHT });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the first failures at once, delays the next ones progressively, then refuses with 429 and Retry-After', async () => {
    const name = unknownName();
    for (let i = 0; i < 2; i++) expect((await login(server, name)).status).toBe(401);
    const third = await login(server, name);
    expect(third.status).toBe(401);
    expect(third.ms).toBeGreaterThanOrEqual(95); // the delay is the behaviour under test: 100 ms, then 200 ms
    const fourth = await login(server, name);
    expect(fourth.status).toBe(401);
    expect(fourth.ms).toBeGreaterThanOrEqual(195);
    const fifth = await login(server, name);
    expect(fifth).toMatchObject({ status: 429, body: errorBody('rate_limited', expect.stringMatching(/^Too many attempts; retry in \d+ s$/)) });
    expect(Number(fifth.retryAfter)).toBeGreaterThan(55);
  });

  it('refuses even the right password while the username is locked, and lets it in once the window has passed', async () => {
    const short = await startServer({ rateLimits: { ...TIGHT, login: { ...TIGHT.login, windowSeconds: 1 } } });
    try {
      const alice = await registerUser(short.url, 'locked');
      for (let i = 0; i < 4; i++) await login(short, alice.user.username);
      const locked = await login(short, alice.user.username, alice.password);
      expect(locked).toMatchObject({ status: 429, body: errorBody('rate_limited'), retryAfter: '1' });
      await sleep(1050);
      expect((await login(short, alice.user.username, alice.password)).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  it('forgets a username’s failures after a successful login', async () => {
    const bob = await registerUser(server.url, 'forgiven');
    for (let i = 0; i < 2; i++) expect((await login(server, bob.user.username)).status).toBe(401);
    expect((await login(server, bob.user.username, bob.password)).status).toBe(200);
    // Counted on from 3, the second of these would already be refused (max 4); from 0 the fifth is.
    for (let i = 0; i < 4; i++) expect((await login(server, bob.user.username)).status).toBe(401);
    expect((await login(server, bob.user.username)).status).toBe(429);
  });

  it('counts each username on its own, and compares them loosely', async () => {
    const name = unknownName();
    for (let i = 0; i < 4; i++) await login(server, name);
    expect((await login(server, name.toUpperCase())).status).toBe(429);
    expect((await login(server, unknownName())).status).toBe(401);
  });
});

describe('login throttle per address', () => {
  it('throttles one address trying many usernames', async () => {
    const server = await startServer({
      rateLimits: { ...TIGHT, login: { windowSeconds: 60, perIp: { free: 2, max: 3 }, perUsername: { free: 100, max: 1000 } } },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await login(server, unknownName())).status).toBe(401);
      const refused = await login(server, unknownName());
      expect(refused).toMatchObject({ status: 429, body: errorBody('rate_limited') });
      expect(Number(refused.retryAfter)).toBeGreaterThan(50);
    } finally {
      await server.close();
    }
  });

  it('limits registrations per address, successful ones included', async () => {
    const server = await startServer({
      rateLimits: { ...TIGHT, register: { windowSeconds: 60, perIp: { free: 1, max: 2 }, perUsername: { free: 5, max: 10 } } },
    });
    try {
      expect((await attempt(server, '/api/auth/register', unknownName(), 'correct horse battery')).status).toBe(201);
      expect((await attempt(server, '/api/auth/register', unknownName(), 'correct horse battery')).status).toBe(201);
      const refused = await attempt(server, '/api/auth/register', unknownName(), 'correct horse battery');
      expect(refused).toMatchObject({ status: 429, body: errorBody('rate_limited') });
      expect(Number(refused.retryAfter)).toBeGreaterThan(50);
    } finally {
      await server.close();
    }
  });

  it('holds at most maxWaiting delayed requests; the others are refused at once', async () => {
    const server = await startServer({
      rateLimits: {
        login: { windowSeconds: 60, perIp: { free: 100, max: 1000 }, perUsername: { free: 0, max: 100 } },
        delay: { baseMs: 400, maxMs: 400, maxWaiting: 1 },
      },
    });
    try {
      const name = unknownName();
      const results = await Promise.all([login(server, name), login(server, name), login(server, name)]);
      expect(results.map((r) => r.status).sort()).toEqual([401, 429, 429]);
      expect(results.filter((r) => r.status === 429).map((r) => r.retryAfter)).toEqual(['1', '1']);
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!redisAvailable)('login throttle shared through Redis', () => {
  let admin: Redis;
  const prefix = uniquePrefix();
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    admin = adminClient();
    const shared = { redisUrl: REDIS_URL, redisKeyPrefix: prefix, rateLimits: { ...TIGHT, login: { ...TIGHT.login, windowSeconds: 30 } } };
    a = await startServer(shared);
    b = await startServer(shared);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await deleteKeys(admin, prefix);
    await admin?.quit();
  });

  it('counts failures on two instances together, and the lock holds on both', async () => {
    const name = unknownName();
    expect((await login(a, name)).status).toBe(401);
    expect((await login(b, name)).status).toBe(401);
    expect((await login(a, name)).ms).toBeGreaterThanOrEqual(95);
    expect((await login(b, name)).ms).toBeGreaterThanOrEqual(195);
    expect((await login(a, name)).status).toBe(429);
    expect((await login(b, name)).status).toBe(429);
    // Usernames are stored hashed, never as typed.
    const keys = await admin.keys(`${prefix}ratelimit:login:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join()).not.toContain(name);
  });
});
