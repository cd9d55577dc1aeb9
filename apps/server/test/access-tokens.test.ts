import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { AccessTokenInfo, AccessTokenList, AuditPage, CreatedAccessToken, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, type TestClient } from './helpers/ws-client.js';

const TOKENS = '/api/me/access-tokens';
type Account = Awaited<ReturnType<typeof registerUser>>;

async function createToken(server: TestServer, jwt: string, body: object = { name: 'bot', scopes: ['read', 'write'] }) {
  return api<CreatedAccessToken>(server.url, 'POST', TOKENS, { token: jwt, body });
}

async function newToken(server: TestServer, jwt: string, scopes: string[], extra: object = {}): Promise<CreatedAccessToken> {
  const res = await createToken(server, jwt, { name: `t-${scopes.join('-')}`, scopes, ...extra });
  expect(res.status).toBe(201);
  return res.body;
}

/** Everything the database holds: the SQLite file and its WAL, or every access_tokens row on PostgreSQL. */
async function storedBytes(server: TestServer): Promise<string> {
  const url = server.config.databaseUrl;
  if (url?.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return JSON.stringify((await client.query('SELECT * FROM access_tokens')).rows);
    } finally {
      await client.end();
    }
  }
  const file = join(server.config.dataDir, 'parley.db');
  return Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))).toString('latin1');
}

function closeCodeWithin(client: TestClient, ms = 1000): Promise<number | 'still open'> {
  return Promise.race([client.closed, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);
}

describe('personal access tokens', () => {
  let server: TestServer;
  let owner: Account;
  let room: Room;
  beforeAll(async () => {
    server = await startServer();
    owner = await registerUser(server.url, 'pat');
    room = await createRoom(server.url, owner.accessToken, { name: 'pat-room' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('shows the token once at creation and never again in the list', async () => {
    const res = await createToken(server, owner.accessToken, { name: 'deploy bot', scopes: ['write', 'read'], expiresInDays: 30 });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^plt_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({ name: 'deploy bot', scopes: ['read', 'write'], lastUsedAt: null });
    expect(Date.parse(res.body.expiresAt!) - Date.parse(res.body.createdAt)).toBe(30 * 86_400_000);
    const list = await api<AccessTokenList>(server.url, 'GET', TOKENS, { token: owner.accessToken });
    const listed = list.body.tokens.find((t) => t.id === res.body.id);
    expect(listed).toEqual({ id: res.body.id, name: 'deploy bot', scopes: ['read', 'write'], createdAt: res.body.createdAt, lastUsedAt: null, expiresAt: res.body.expiresAt });
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
  });

  it('stores only the SHA-256 of the token, never the token itself', async () => {
    const pat = await newToken(server, owner.accessToken, ['read']);
    const stored = await storedBytes(server);
    expect(stored.includes(pat.token.slice(4))).toBe(false);
    expect(stored.includes(createHash('sha256').update(pat.token).digest('hex'))).toBe(true);
  });

  it('authenticates REST requests with a bearer PAT and records its last use', async () => {
    const pat = await newToken(server, owner.accessToken, ['read']);
    const me = await api<{ id: string }>(server.url, 'GET', '/api/me', { token: pat.token });
    expect(me).toMatchObject({ status: 200, body: { id: owner.user.id } });
    const rooms = await api<{ rooms: Room[] }>(server.url, 'GET', '/api/rooms', { token: pat.token });
    expect(rooms.status).toBe(200);
    const list = await api<AccessTokenList>(server.url, 'GET', TOKENS, { token: owner.accessToken });
    expect(list.body.tokens.find((t) => t.id === pat.id)?.lastUsedAt).not.toBeNull();
  });

  it('refuses write routes to a read-only token with 403 insufficient_scope', async () => {
    const pat = await newToken(server, owner.accessToken, ['read']);
    const cases: [string, string, object | undefined][] = [
      ['POST', '/api/rooms', { name: 'nope' }],
      ['PATCH', `/api/rooms/${room.id}`, { name: 'renamed' }],
      ['PUT', `/api/rooms/${room.id}/read`, { seq: 0 }],
      ['PUT', `/api/rooms/${room.id}/notifications`, { muted: true }],
      ['POST', `/api/rooms/${room.id}/leave`, undefined],
      ['PATCH', '/api/me', { displayName: 'x' }],
      ['DELETE', `/api/rooms/${room.id}`, undefined],
    ];
    for (const [method, path, body] of cases) {
      const res = await api<{ error: { code: string } }>(server.url, method, path, { token: pat.token, body });
      expect({ method, path, status: res.status, code: res.body?.error.code }).toEqual({ method, path, status: 403, code: 'insufficient_scope' });
    }
    for (const path of ['/api/me', '/api/rooms', `/api/rooms/${room.id}`, `/api/rooms/${room.id}/messages`, `/api/rooms/${room.id}/members`]) {
      expect({ path, status: (await api(server.url, 'GET', path, { token: pat.token })).status }).toEqual({ path, status: 200 });
    }
  });

  it('lets a write token do what its user can do', async () => {
    const pat = await newToken(server, owner.accessToken, ['write']);
    const created = await api<Room>(server.url, 'POST', '/api/rooms', { token: pat.token, body: { name: 'made by bot' } });
    expect(created.status).toBe(201);
    const patched = await api(server.url, 'PATCH', '/api/me', { token: pat.token, body: { statusText: 'scripted' } });
    expect(patched.status).toBe(200);
    const read = await api(server.url, 'GET', `/api/rooms/${created.body.id}`, { token: pat.token });
    expect(read.status).toBe(200);
  });

  it('never lets a token manage sessions, tokens or the password', async () => {
    const pat = await newToken(server, owner.accessToken, ['read', 'write']);
    const cases: [string, string, object | undefined][] = [
      ['GET', '/api/me/sessions', undefined],
      ['DELETE', '/api/me/sessions/00000000-0000-4000-8000-000000000000', undefined],
      ['POST', '/api/me/sessions/revoke-all', { includeCurrent: true }],
      ['GET', TOKENS, undefined],
      ['POST', TOKENS, { name: 'child', scopes: ['write'] }],
      ['DELETE', `${TOKENS}/${pat.id}`, undefined],
      ['PATCH', '/api/me', { currentPassword: owner.password, newPassword: 'another long passphrase 42' }],
    ];
    for (const [method, path, body] of cases) {
      const res = await api<{ error: { code: string } }>(server.url, method, path, { token: pat.token, body });
      expect({ method, path, status: res.status, code: res.body?.error.code }).toEqual({ method, path, status: 403, code: 'insufficient_scope' });
    }
    // The password is unchanged: logging in with the old one still works.
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: owner.user.username, password: owner.password } });
    expect(login.status).toBe(200);
  });

  it('enforces scopes on socket frames: reads with read, send and typing only with write', async () => {
    const reader = await newToken(server, owner.accessToken, ['read']);
    const writer = await newToken(server, owner.accessToken, ['write']);
    const ro = await connect(server.wsUrl, reader.token);
    expect(await ro.request({ type: 'room.subscribe', roomId: room.id })).toMatchObject({ type: 'room.subscribed' });
    for (const frame of [
      { type: 'message.send', roomId: room.id, body: 'hi', clientMsgId: 'c1' },
      { type: 'typing.start', roomId: room.id },
      { type: 'typing.stop', roomId: room.id },
    ] as const) {
      expect(await ro.request(frame)).toMatchObject({ type: 'error', code: 'insufficient_scope' });
    }
    const rw = await connect(server.wsUrl, writer.token);
    const sent = await rw.request({ type: 'message.send', roomId: room.id, body: 'from a bot', clientMsgId: 'c2' });
    expect(sent).toMatchObject({ type: 'message.acked' });
    await ro.next('message.created', (f) => f.message.body === 'from a bot');
    await ro.close();
    await rw.close();
  });

  it('revoking a token closes its sockets with 4401 within a second and its requests get 401', async () => {
    const pat = await newToken(server, owner.accessToken, ['read']);
    const other = await newToken(server, owner.accessToken, ['read']);
    const sock = await connect(server.wsUrl, pat.token);
    const otherSock = await connect(server.wsUrl, other.token);
    const jwtSock = await connect(server.wsUrl, owner.accessToken);
    const res = await api(server.url, 'DELETE', `${TOKENS}/${pat.id}`, { token: owner.accessToken });
    expect(res.status).toBe(204);
    expect(await closeCodeWithin(sock)).toBe(4401);
    expect((await api(server.url, 'GET', '/api/me', { token: pat.token })).status).toBe(401);
    expect(await otherSock.request({ type: 'session.ping', ref: 'p' })).toMatchObject({ type: 'session.pong' });
    expect(await jwtSock.request({ type: 'session.ping', ref: 'p' })).toMatchObject({ type: 'session.pong' });
    const list = await api<AccessTokenList>(server.url, 'GET', TOKENS, { token: owner.accessToken });
    expect(list.body.tokens.map((t) => t.id)).not.toContain(pat.id);
    await otherSock.close();
    await jwtSock.close();
  });

  it('refuses a revoked or made-up token in session.hello with 4401', async () => {
    const pat = await newToken(server, owner.accessToken, ['read']);
    await api(server.url, 'DELETE', `${TOKENS}/${pat.id}`, { token: owner.accessToken });
    for (const token of [pat.token, `plt_${'A'.repeat(43)}`]) {
      await expect(connect(server.wsUrl, token)).rejects.toThrow();
    }
  });

  it('answers 404 for another user’s token id, as for an unknown one, and leaves the token working', async () => {
    const pat = await newToken(server, owner.accessToken, ['read']);
    const mallory = await registerUser(server.url, 'mallory');
    const foreign = await api<{ error: { code: string } }>(server.url, 'DELETE', `${TOKENS}/${pat.id}`, { token: mallory.accessToken });
    const unknown = await api<{ error: { code: string } }>(server.url, 'DELETE', `${TOKENS}/00000000-0000-4000-8000-000000000000`, { token: mallory.accessToken });
    expect(foreign).toEqual({ status: 404, body: { error: { code: 'access_token_not_found', message: 'Access token not found' } } });
    expect(unknown).toEqual(foreign);
    expect((await api(server.url, 'GET', '/api/me', { token: pat.token })).status).toBe(200);
    const list = await api<AccessTokenList>(server.url, 'GET', TOKENS, { token: mallory.accessToken });
    expect(list.body.tokens).toEqual([]);
  });

  it('rejects bad input: long or empty name, unknown or no scope, bad expiry, unknown fields', async () => {
    const bodies = [
      { name: 'x'.repeat(65), scopes: ['read'] },
      { name: '', scopes: ['read'] },
      { name: 'ok', scopes: ['admin'] },
      { name: 'ok', scopes: [] },
      { name: 'ok', scopes: ['read', 'read'] },
      { name: 'ok', scopes: ['read'], expiresInDays: 0 },
      { name: 'ok', scopes: ['read'], expiresInDays: 366 },
      { name: 'ok', scopes: ['read'], expiresInDays: 1.5 },
      { name: 'ok', scopes: ['read'], userId: owner.user.id },
      { scopes: ['read'] },
    ];
    for (const body of bodies) {
      const res = await createToken(server, owner.accessToken, body);
      expect({ body, status: res.status, code: (res.body as unknown as { error: { code: string } }).error?.code }).toEqual({ body, status: 400, code: 'invalid_request' });
    }
    // 64 code points (emoji are two UTF-16 units each) is fine.
    expect((await createToken(server, owner.accessToken, { name: '🔑'.repeat(64), scopes: ['read'] })).status).toBe(201);
  });

  it('refuses the 51st live token with 409 access_token_limit, and allows one again after a revocation', async () => {
    const user = await registerUser(server.url, 'many');
    const made: AccessTokenInfo[] = [];
    for (let i = 0; i < 50; i++) made.push((await newToken(server, user.accessToken, ['read'])) as AccessTokenInfo);
    const over = await createToken(server, user.accessToken);
    expect(over).toMatchObject({ status: 409, body: { error: { code: 'access_token_limit' } } });
    expect((await api(server.url, 'DELETE', `${TOKENS}/${made[0]!.id}`, { token: user.accessToken })).status).toBe(204);
    expect((await createToken(server, user.accessToken)).status).toBe(201);
  });

  it('records creation and revocation in the audit log without the secret', async () => {
    const user = await registerUser(server.url, 'audited');
    const pat = await newToken(server, user.accessToken, ['read']);
    await api(server.url, 'DELETE', `${TOKENS}/${pat.id}`, { token: user.accessToken });
    const log = await api<AuditPage>(server.url, 'GET', '/api/admin/audit', { token: owner.accessToken });
    const mine = log.body.entries.filter((e) => e.actor?.id === user.user.id);
    expect(mine.map((e) => [e.action, e.details.id])).toEqual([
      ['auth.access_token_revoked', pat.id],
      ['auth.access_token_created', pat.id],
    ]);
    expect(JSON.stringify(log.body)).not.toContain(pat.token);
  });
});

describe('personal access tokens and rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ rateLimits: { rest: { perUser: { max: 6, windowSeconds: 60 }, perIp: { max: 1000, windowSeconds: 60 } } } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('counts token requests against the user’s own REST budget, shared with their login session', async () => {
    const user = await registerUser(server.url, 'limited');
    const pat = await newToken(server, user.accessToken, ['read']); // 1 of 6, by the session
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api(server.url, 'GET', '/api/me', { token: pat.token })).status);
    for (let i = 0; i < 3; i++) statuses.push((await api(server.url, 'GET', '/api/me', { token: user.accessToken })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await api(server.url, 'GET', '/api/me', { token: pat.token })).status).toBe(429);
  });
});

describe('personal access token expiry', () => {
  let server: TestServer;
  let now = Date.now();
  beforeAll(async () => {
    server = await startServer({}, { clock: () => now });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses an expired token with 401 and drops it from the list', async () => {
    const user = await registerUser(server.url, 'exp');
    const pat = await newToken(server, user.accessToken, ['read'], { expiresInDays: 1 });
    expect((await api(server.url, 'GET', '/api/me', { token: pat.token })).status).toBe(200);
    now += 86_400_000 + 1;
    expect((await api(server.url, 'GET', '/api/me', { token: pat.token })).status).toBe(401);
    const login = await api<{ accessToken: string }>(server.url, 'POST', '/api/auth/login', { body: { username: user.user.username, password: user.password } });
    const list = await api<AccessTokenList>(server.url, 'GET', TOKENS, { token: login.body.accessToken });
    expect(list.body.tokens.map((t) => t.id)).not.toContain(pat.id);
  });

  it('closes a token’s socket with 4401 when the token expires, and keeps a non-expiring one open', async () => {
    const user = await registerUser(server.url, 'expsock');
    const expiring = await newToken(server, user.accessToken, ['read'], { expiresInDays: 1 });
    const lasting = await newToken(server, user.accessToken, ['read']);
    now += 86_400_000 - 400; // 400 ms of validity left when the socket signs in
    const sock = await connect(server.wsUrl, expiring.token);
    const other = await connect(server.wsUrl, lasting.token);
    expect(await closeCodeWithin(sock, 2000)).toBe(4401);
    expect(await other.request({ type: 'session.ping' })).toMatchObject({ type: 'session.pong' });
    await other.close();
  });

  it('updates lastUsedAt at most once a minute', async () => {
    const user = await registerUser(server.url, 'touch');
    const pat = await newToken(server, user.accessToken, ['read']);
    const lastUsed = async () => (await api<AccessTokenList>(server.url, 'GET', TOKENS, { token: user.accessToken })).body.tokens[0]!.lastUsedAt;
    await api(server.url, 'GET', '/api/me', { token: pat.token });
    const first = await lastUsed();
    expect(first).toBe(new Date(now).toISOString());
    now += 59_000;
    await api(server.url, 'GET', '/api/me', { token: pat.token });
    expect(await lastUsed()).toBe(first);
    now += 2_000;
    await api(server.url, 'GET', '/api/me', { token: pat.token });
    expect(await lastUsed()).toBe(new Date(now).toISOString());
  });
});
