import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { SignJWT } from 'jose';
import type { AuthSession, HistoryPage, Room, User } from '@parley/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { acked, errorBody, errorFrame, invalidRequest, type Account } from './helpers/bodies.js';
import { snapshot } from './helpers/snapshot.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { decodeClaims } from './helpers/tokens.js';
import { connect, TestClient } from './helpers/ws-client.js';

// More bad input over REST (bad-input.test.ts has the first share): every case also proves the
// server still serves and that nothing stored changed, by comparing snapshots around it.
let server: TestServer;
let user: Account;
let other: Account;
let room: Room;
let before: unknown;

beforeAll(async () => {
  server = await startServer();
  user = await registerUser(server.url, 'prober');
  other = await registerUser(server.url, 'other');
  room = await createRoom(server.url, user.accessToken, { name: 'target', description: 'kept' });
  const socket = await connect(server.wsUrl, user.accessToken);
  expect(await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'seed', body: 'seed' })).toEqual(acked(room.id, 'seed'));
  await socket.close();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  before = await snapshot(server.url, [user.accessToken, other.accessToken]);
});

/** The server still answers a normal request, and nothing stored changed since the test began. */
async function unharmed(): Promise<void> {
  const me = await api<User>(server.url, 'GET', '/api/me', { token: user.accessToken });
  expect(me.status).toBe(200);
  expect(await snapshot(server.url, [user.accessToken, other.accessToken])).toEqual(before);
}

/** Sends raw bytes as a JSON body with node:http, so invalid UTF-8 reaches the server as it is. */
function postBytes(path: string, token: string, bytes: Buffer): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

describe('REST: deep nesting and huge bodies', () => {
  const depth = 500_000;
  it.each([
    ['1 MiB of unclosed [', '['.repeat(1024 * 1024 - 16), errorBody('invalid_request')],
    ['half a million nested arrays as the name', `{"name":${'['.repeat(depth)}${']'.repeat(depth)}}`, invalidRequest('body.name')],
    ['a hundred thousand nested objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, invalidRequest('body')],
    ['nested arrays around a __proto__ key', `{"name":"x","description":${'['.repeat(depth / 2)}{"__proto__":{}}${']'.repeat(depth / 2)}}`, errorBody('invalid_request')],
  ])('answers %s with 400 without crashing or hanging', async (_what, rawBody, expected) => {
    expect(rawBody.length).toBeLessThanOrEqual(1024 * 1024);
    const res = await api(server.url, 'POST', '/api/rooms', { token: user.accessToken, rawBody });
    expect(res).toEqual({ status: 400, body: expected });
    await unharmed();
  });

  it('answers a 10 MB JSON body with 413, closes that connection, and keeps serving', async () => {
    const huge = JSON.stringify({ name: 'huge', description: 'x'.repeat(10 * 1024 * 1024) });
    const res = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
      body: huge,
    });
    // The rest of the body is never read, so the connection is not reused for the next request.
    expect({ status: res.status, connection: res.headers.get('connection'), body: await res.json() }).toEqual({
      status: 413,
      connection: 'close',
      body: errorBody('payload_too_large'),
    });
    await unharmed();
  });
});

describe('REST: text that is not what it seems', () => {
  it.each([
    ['a lone high surrogate in a room name', 'POST', '/api/rooms', '{"name":"a\\ud800b"}', 'body.name'],
    ['a lone low surrogate in a room description', 'POST', '/api/rooms', '{"name":"ok","description":"\\udc00"}', 'body.description'],
    ['a lone surrogate in a rename', 'PATCH', '/api/rooms/:room', '{"name":"x\\udbff"}', 'body.name'],
    ['a lone surrogate in a display name', 'PATCH', '/api/me', '{"displayName":"\\ud83d"}', 'body.displayName'],
    ['a lone surrogate in a bio', 'PATCH', '/api/me', '{"bio":"half an emoji \\ud83d"}', 'body.bio'],
    ['a lone surrogate in a username', 'POST', '/api/auth/register', '{"username":"ab\\ud800","password":"correct horse battery"}', 'body.username'],
    ['a right-to-left override in a username', 'POST', '/api/auth/register', '{"username":"alice\\u202eecila","password":"correct horse battery"}', 'body.username'],
    ['a zero-width space in a username', 'POST', '/api/auth/register', '{"username":"ad\\u200bmin","password":"correct horse battery"}', 'body.username'],
    ['full-width letters in a username', 'POST', '/api/auth/register', '{"username":"\\uff41\\uff44\\uff4d\\uff49\\uff4e","password":"correct horse battery"}', 'body.username'],
    ['a Cyrillic a among Latin letters in a username', 'POST', '/api/auth/register', '{"username":"\\u0430dmin","password":"correct horse battery"}', 'body.username'],
    ['a right-to-left override in a display name', 'PATCH', '/api/me', '{"displayName":"admin\\u202e"}', 'body.displayName'],
    ['a left-to-right isolate in a display name', 'PATCH', '/api/me', '{"displayName":"\\u2066owner\\u2069"}', 'body.displayName'],
    ['a BOM in a status line', 'PATCH', '/api/me', '{"statusText":"on\\ufeffline"}', 'body.statusText'],
    ['a right-to-left override in a room name', 'POST', '/api/rooms', '{"name":"general\\u202egnp.exe"}', 'body.name'],
    ['a zero-width joiner in a rename', 'PATCH', '/api/rooms/:room', '{"name":"tar\\u200dget"}', 'body.name'],
    ['a newline in a room name', 'POST', '/api/rooms', '{"name":"two\\nlines"}', 'body.name'],
    ['a NUL in a display name', 'PATCH', '/api/me', '{"displayName":"nul\\u0000"}', 'body.displayName'],
  ])('refuses %s with 400 naming the field', async (_what, method, path, rawBody, field) => {
    const res = await api(server.url, method, path.replace(':room', room.id), { token: user.accessToken, rawBody });
    expect(res).toEqual({ status: 400, body: invalidRequest(field) });
    expect((res.body as { error: { message: string } }).error.message).toMatch(/valid Unicode|control, zero-width or bidi|full-width|mix Latin/);
    await unharmed();
  });

  it('decodes invalid UTF-8 bytes in a body as U+FFFD, so what is stored is valid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"bad'), Buffer.from([0xff, 0xc3]), Buffer.from(' bytes"}')]);
    const res = await postBytes('/api/rooms', other.accessToken, bytes);
    expect(res).toEqual({ status: 201, body: expect.objectContaining({ name: 'bad\uFFFD\uFFFD bytes' }) });
    const id = (res.body as Room).id;
    const read = await api<Room>(server.url, 'GET', `/api/rooms/${id}`, { token: other.accessToken });
    expect(read.body.name).toBe('bad\uFFFD\uFFFD bytes');
    await api(server.url, 'DELETE', `/api/rooms/${id}`, { token: other.accessToken });
  });

  it('normalises a decomposed username to NFC, so it collides with the composed one', async () => {
    const base = `jos${process.pid}`;
    const composed = await api<AuthSession>(server.url, 'POST', '/api/auth/register', { body: { username: `${base}\u00e9`, password: 'correct horse battery' } });
    expect(composed.status).toBe(201);
    const decomposed = await api(server.url, 'POST', '/api/auth/register', { body: { username: `${base}e\u0301`, password: 'correct horse battery' } });
    expect(decomposed).toEqual({ status: 409, body: errorBody('username_taken') });
    const upper = await api(server.url, 'POST', '/api/auth/register', { body: { username: `${base}E\u0301`.toUpperCase(), password: 'correct horse battery' } });
    expect(upper).toEqual({ status: 409, body: errorBody('username_taken') });
  });
});

describe('REST: SQL-looking strings', () => {
  const sqlish = [
    "'); DROP TABLE rooms; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM users WHERE ('1'='1",
    '1; UPDATE room_members SET role = \'owner\'',
    '%_\\ LIKE wildcards',
  ];

  it.each(sqlish)('stores %j verbatim as a room name, description, display name and message, and loses no table', async (text) => {
    const made = await api<Room>(server.url, 'POST', '/api/rooms', { token: other.accessToken, body: { name: text, description: text } });
    expect(made).toEqual({ status: 201, body: expect.objectContaining({ name: text, description: text }) });
    const named = await api<User>(server.url, 'PATCH', '/api/me', { token: other.accessToken, body: { displayName: text } });
    expect(named.body.displayName).toBe(text);
    const socket = await connect(server.wsUrl, other.accessToken);
    const sqlId = randomUUID();
    expect(await socket.request({ type: 'message.send', roomId: made.body.id, clientMsgId: sqlId, body: text })).toEqual(acked(made.body.id, sqlId));
    await socket.close();
    const history = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${made.body.id}/messages?limit=1`, { token: other.accessToken });
    expect(history.body.messages[0]).toMatchObject({ body: text, sender: { displayName: text } });
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: text, password: text } });
    expect(login).toEqual({ status: 401, body: errorBody('invalid_credentials') });
    expect((await api(server.url, 'DELETE', `/api/rooms/${made.body.id}`, { token: other.accessToken })).status).toBe(204);
    await api(server.url, 'PATCH', '/api/me', { token: other.accessToken, body: { displayName: other.user.displayName } });
    await unharmed();
  });
});

describe('REST: access tokens from elsewhere', () => {
  let flawed: Record<string, string>;
  beforeAll(async () => {
    const claims = decodeClaims(user.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const secret = new TextEncoder().encode(server.config.jwtSecret);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const [, payload] = user.accessToken.split('.');
    const hs = (c: Record<string, unknown>) => new SignJWT(c).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret);
    flawed = {
      'not valid before an hour from now (nbf)': await hs({ ...claims, nbf: now + 3600 }),
      'signed RS256 with some RSA key': await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey),
      'claiming RS256 but HMAC-signed with the secret': await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret).then((t) => {
        const [, , sig] = t.split('.');
        return `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url')}.${payload}.${sig}`;
      }),
      'expired a second ago': await hs({ ...claims, iat: now - 901, exp: now - 1 }),
    };
  });

  it.each([
    'not valid before an hour from now (nbf)',
    'signed RS256 with some RSA key',
    'claiming RS256 but HMAC-signed with the secret',
    'expired a second ago',
  ])('refuses a token %s on REST and on the socket', async (flaw) => {
    const res = await api(server.url, 'GET', '/api/rooms', { token: flawed[flaw] });
    expect(res).toEqual({ status: 401, body: errorBody('unauthenticated') });
    const socket = new TestClient(server.wsUrl);
    await socket.opened;
    socket.send({ type: 'session.hello', ref: 'h', token: flawed[flaw] });
    expect(await socket.closed).toBe(4401);
    expect(socket.frames).toEqual([errorFrame('unauthenticated', { ref: 'h' })]);
    await unharmed();
  });
});

describe('REST: pagination that is not a number', () => {
  it.each([
    ['limit=NaN', 'querystring.limit'],
    ['before=Infinity', 'querystring.before'],
    ['after=1e3', 'querystring.after'],
    ['limit=-0', 'querystring.limit'],
    ['before=%00', 'querystring.before'],
    ['after=%EF%BC%91', 'querystring.after'],
    ['before[]=1', 'before[]'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const res = await api(server.url, 'GET', `/api/rooms/${room.id}/messages?${query}`, { token: user.accessToken });
    expect(res).toEqual({ status: 400, body: invalidRequest(field) });
    await unharmed();
  });
});

describe("REST: ids of other people's objects", () => {
  it("refuses to join a private room with another room's invite, exactly as for a wrong code", async () => {
    const mine = await createRoom(server.url, user.accessToken, { name: 'mine', visibility: 'private' });
    const theirs = await createRoom(server.url, other.accessToken, { name: 'theirs', visibility: 'private' });
    const invite = await api<{ code: string }>(server.url, 'POST', `/api/rooms/${mine.id}/invites`, { token: user.accessToken, body: {} });
    expect(invite.status).toBe(201);
    const stranger = await registerUser(server.url, 'stranger');
    before = await snapshot(server.url, [user.accessToken, other.accessToken]);
    const crossed = await api(server.url, 'POST', `/api/rooms/${theirs.id}/join`, { token: stranger.accessToken, body: { inviteCode: invite.body.code } });
    const guessed = await api(server.url, 'POST', `/api/rooms/${theirs.id}/join`, { token: stranger.accessToken, body: { inviteCode: 'guessed' } });
    expect(crossed).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect(crossed).toEqual(guessed);
    await unharmed();
  });

  it("never moves a read marker past the room's own last seq, whatever seq another room has", async () => {
    const busy = await createRoom(server.url, other.accessToken, { name: 'busy', visibility: 'private' });
    const socket = await connect(server.wsUrl, other.accessToken);
    for (let i = 0; i < 5; i++) await socket.request({ type: 'message.send', roomId: busy.id, clientMsgId: randomUUID(), body: `m${i}` });
    await socket.close();
    const { body: current } = await api<Room>(server.url, 'GET', `/api/rooms/${room.id}`, { token: user.accessToken });
    const res = await api(server.url, 'PUT', `/api/rooms/${room.id}/read`, { token: user.accessToken, body: { seq: 6 } });
    expect(current.lastSeq).toBeLessThan(6);
    expect(res).toEqual({ status: 200, body: { roomId: room.id, lastReadSeq: current.lastSeq, unreadCount: 0, mentionCount: 0, muted: false } });
    expect(await snapshot(server.url, [user.accessToken])).toEqual({ user0: (before as { user0: unknown }).user0 });
    await api(server.url, 'DELETE', `/api/rooms/${busy.id}`, { token: other.accessToken });
  });

  it.each([
    ['delete', 'DELETE', '', undefined, 'insufficient_role'],
    ['rename', 'PATCH', '', { name: 'taken over' }, 'insufficient_role'],
    ['kick the owner of', 'DELETE', '/members/:owner', undefined, 'insufficient_role'],
    ['promote itself in', 'POST', '/members/:self/role', { role: 'admin' }, 'insufficient_role'],
  ])("refuses a plain member's attempt to %s someone else's room", async (_what, method, suffix, body, code) => {
    await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: other.accessToken, body: {} });
    before = await snapshot(server.url, [user.accessToken, other.accessToken]);
    const path = `/api/rooms/${room.id}${suffix.replace(':owner', user.user.id).replace(':self', other.user.id)}`;
    const res = await api(server.url, method, path, { token: other.accessToken, body });
    expect(res).toEqual({ status: 403, body: errorBody(code) });
    await unharmed();
  });
});
