import { randomUUID } from 'node:crypto';
import type { HistoryPage, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { acked, errorBody, invalidRequest, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { badTokens, TOKEN_FLAWS, type TokenFlaw } from './helpers/tokens.js';
import { connect } from './helpers/ws-client.js';

// Bad input over REST; the socket's share is in bad-socket-input.test.ts.
let server: TestServer;
let user: Account;
let room: Room;
let tokens: Record<TokenFlaw, string>;

beforeAll(async () => {
  server = await startServer();
  user = await registerUser(server.url, 'prober');
  room = await createRoom(server.url, user.accessToken, { name: 'target' });
  tokens = await badTokens(server.config.jwtSecret, user.accessToken);
});
afterAll(async () => {
  await server.close();
});

describe('REST: malformed requests', () => {
  it('refuses a body that is not JSON', async () => {
    const res = await api(server.url, 'POST', '/api/rooms', { token: user.accessToken, rawBody: '{"name": "oops",' });
    expect(res).toEqual({ status: 400, body: errorBody('invalid_request') });
  });

  it('refuses a body that is JSON but not an object, naming the body', async () => {
    const res = await api(server.url, 'POST', '/api/rooms', { token: user.accessToken, rawBody: '[1,2,3]' });
    expect(res).toEqual({ status: 400, body: invalidRequest('body') });
  });

  it('refuses a body sent as something other than JSON', async () => {
    const res = await api(server.url, 'POST', '/api/rooms', {
      token: user.accessToken,
      rawBody: 'name=oops',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res).toEqual({ status: 415, body: errorBody('invalid_request') });
  });

  it('refuses a body over 1 MiB', async () => {
    const res = await api(server.url, 'POST', '/api/rooms', {
      token: user.accessToken,
      rawBody: JSON.stringify({ name: 'big', description: 'x'.repeat(1_100_000) }),
    });
    expect(res).toEqual({ status: 413, body: errorBody('payload_too_large') });
  });

  it('answers an unknown route with not_found', async () => {
    const res = await api(server.url, 'GET', '/api/nothing-here', { token: user.accessToken });
    expect(res).toEqual({ status: 404, body: errorBody('not_found') });
  });

  it.each([
    ['a room id that is not a UUID', 'GET', '/api/rooms/1', 'params.id'],
    ['a room id with a UUID inside', 'GET', `/api/rooms/${randomUUID()}x/messages`, 'params.id'],
    ['a user id that is not a UUID', 'DELETE', `/api/rooms/${randomUUID()}/members/me`, 'params.userId'],
  ])('refuses %s, naming the field (%s %s)', async (_what, method, path, field) => {
    const res = await api(server.url, method, path, { token: user.accessToken });
    expect(res).toEqual({ status: 400, body: invalidRequest(field) });
  });

  it('answers room_not_found on every room route for a well-formed unknown id', async () => {
    const id = randomUUID();
    const other = randomUUID();
    const routes: Array<[string, string, unknown]> = [
      ['GET', `/api/rooms/${id}`, undefined],
      ['PATCH', `/api/rooms/${id}`, { name: 'x' }],
      ['DELETE', `/api/rooms/${id}`, undefined],
      ['POST', `/api/rooms/${id}/join`, {}],
      ['POST', `/api/rooms/${id}/leave`, undefined],
      ['GET', `/api/rooms/${id}/members`, undefined],
      ['POST', `/api/rooms/${id}/invites`, {}],
      ['POST', `/api/rooms/${id}/members/${other}/role`, { role: 'admin' }],
      ['DELETE', `/api/rooms/${id}/members/${other}`, undefined],
      ['GET', `/api/rooms/${id}/messages`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const res = await api(server.url, method, path, { token: user.accessToken, body });
      expect({ route: `${method} ${path}`, ...res }).toEqual({ route: `${method} ${path}`, status: 404, body: errorBody('room_not_found') });
    }
  });

  it('answers member_not_found for a user id that is not in the room', async () => {
    const stranger = randomUUID();
    const role = await api(server.url, 'POST', `/api/rooms/${room.id}/members/${stranger}/role`, {
      token: user.accessToken,
      body: { role: 'admin' },
    });
    expect(role).toEqual({ status: 404, body: errorBody('member_not_found') });
    const kick = await api(server.url, 'DELETE', `/api/rooms/${room.id}/members/${stranger}`, { token: user.accessToken });
    expect(kick).toEqual({ status: 404, body: errorBody('member_not_found') });
  });
});

describe('REST: history pagination', () => {
  it.each([
    ['before=-1', 'querystring.before'],
    ['after=-5', 'querystring.after'],
    ['before=2147483648', 'querystring.before'],
    ['after=99999999999999999999', 'querystring.after'],
    ['before=1.5', 'querystring.before'],
    ['before=abc', 'querystring.before'],
    ['limit=0', 'querystring.limit'],
    ['limit=-1', 'querystring.limit'],
    ['limit=101', 'querystring.limit'],
    ['limit=1000000000000', 'querystring.limit'],
    ['limit=ten', 'querystring.limit'],
    ['before=5&after=1', 'querystring.before'],
    ['limit=10&limit=20', 'querystring.limit'],
    ['cursor=5', 'cursor'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const res = await api(server.url, 'GET', `/api/rooms/${room.id}/messages?${query}`, { token: user.accessToken });
    expect(res).toEqual({ status: 400, body: invalidRequest(field) });
  });

  it.each([
    ['before=', 'querystring.before'],
    ['after=', 'querystring.after'],
    ['before=%20', 'querystring.before'],
    ['after=0x10', 'querystring.after'],
  ])('refuses the non-decimal ?%s with 400 naming %s', async (query, field) => {
    const res = await api(server.url, 'GET', `/api/rooms/${room.id}/messages?${query}`, { token: user.accessToken });
    expect(res).toEqual({ status: 400, body: invalidRequest(field) });
  });

  it('pages by seq: newest first without a cursor or with before, oldest first with after', async () => {
    const owner = await registerUser(server.url, 'pager');
    const paged = await createRoom(server.url, owner.accessToken, { name: 'paged' });
    const socket = await connect(server.wsUrl, owner.accessToken);
    for (let i = 1; i <= 5; i++) {
      const ack = await socket.request({ type: 'message.send', roomId: paged.id, clientMsgId: `p${i}`, body: `m${i}` });
      expect(ack).toEqual(acked(paged.id, `p${i}`, i + 1));
    }
    await socket.close();
    const page = async (query: string) => {
      const res = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${paged.id}/messages?${query}`, { token: owner.accessToken });
      expect(res.status).toBe(200);
      return { seqs: res.body.messages.map((m) => m.seq), hasMore: res.body.hasMore };
    };
    expect(await page('limit=2')).toEqual({ seqs: [6, 5], hasMore: true });
    expect(await page('before=5&limit=2')).toEqual({ seqs: [4, 3], hasMore: true });
    expect(await page('before=3&limit=2')).toEqual({ seqs: [2, 1], hasMore: false });
    expect(await page('after=0&limit=4')).toEqual({ seqs: [1, 2, 3, 4], hasMore: true });
    expect(await page('after=4')).toEqual({ seqs: [5, 6], hasMore: false });
    expect(await page('after=6')).toEqual({ seqs: [], hasMore: false });
    expect(await page('before=2147483647&limit=100')).toEqual({ seqs: [6, 5, 4, 3, 2, 1], hasMore: false });
    expect(await page('after=2147483647')).toEqual({ seqs: [], hasMore: false });
  });
});

describe('REST: access tokens', () => {
  it.each(TOKEN_FLAWS)('refuses an access token that is %s', async (flaw) => {
    for (const path of ['/api/me', '/api/rooms', `/api/rooms/${room.id}/messages`]) {
      const res = await api(server.url, 'GET', path, { token: tokens[flaw] });
      expect({ path, ...res }).toEqual({ path, status: 401, body: errorBody('unauthenticated') });
    }
  });

  it('still accepts the real token the bad ones were made from', async () => {
    expect((await api(server.url, 'GET', '/api/me', { token: user.accessToken })).status).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a Basic scheme', `Basic ${Buffer.from('prober:password').toString('base64')}`],
    ['Bearer and nothing else', 'Bearer '],
    ['a token with a space inside', 'Bearer abc def'],
    ['an oversized token', `Bearer ${'a'.repeat(5000)}`],
  ])('refuses a request with %s', async (_what, authorization) => {
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    const res = await api(server.url, 'GET', '/api/rooms', { headers });
    expect(res).toEqual({ status: 401, body: errorBody('unauthenticated') });
  });

  it('closes the connection after refusing a request whose body it did not read', async () => {
    const upload = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['signed with another secret']}` },
      body: JSON.stringify({ name: 'big', description: 'x'.repeat(1_100_000) }),
    });
    expect({ status: upload.status, connection: upload.headers.get('connection'), body: await upload.json() }).toEqual({
      status: 401,
      connection: 'close',
      body: errorBody('unauthenticated'),
    });
    // Without a body there is nothing left unread, so the connection stays usable.
    const plain = await fetch(`${server.url}/api/rooms`, { headers: { authorization: 'Bearer nope' } });
    expect({ status: plain.status, connection: plain.headers.get('connection') }).toEqual({ status: 401, connection: 'keep-alive' });
    await plain.body?.cancel();
  });

  it.each([
    ['a malformed room id', 'GET', '/api/rooms/not-a-uuid', undefined],
    ['a bad query', 'GET', `/api/rooms/${randomUUID()}/messages?limit=ten`, undefined],
    ['an invalid body', 'POST', '/api/rooms', { name: '' }],
    ['an invalid body', 'PATCH', '/api/me', { bio: 1 }],
    ['an invalid body', 'POST', `/api/rooms/${randomUUID()}/members/${randomUUID()}/role`, { role: 'owner' }],
    ['a body over 1 MiB', 'POST', '/api/rooms', { name: 'big', description: 'x'.repeat(1_100_000) }],
  ])('answers 401 before looking at %s (%s %s)', async (_what, method, path, body) => {
    const anonymous = await api(server.url, method, path, { body });
    expect(anonymous).toEqual({ status: 401, body: errorBody('unauthenticated') });
    const forged = await api(server.url, method, path, { body, token: tokens['signed with another secret'] });
    expect(forged).toEqual({ status: 401, body: errorBody('unauthenticated') });
  });
});
