import { randomUUID } from 'node:crypto';
import type { HistoryPage, Room, User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { acked, errorBody, errorFrame, invalidRequest } from './helpers/bodies.js';
import { DIALECTS } from './helpers/dialects.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

// Text that one database stores and the other refuses must be refused at the edge on both: NUL was
// a 500 on PostgreSQL and stored data on SQLite. What is accepted must come back byte for byte.
async function onEach(run: (server: TestServer) => Promise<void>, dialect: (typeof DIALECTS)[number]): Promise<void> {
  const db = await dialect.create();
  const server = await startServer({ databaseUrl: db.url });
  try {
    await run(server);
  } finally {
    await server.close();
    await db.drop();
  }
}

for (const dialect of DIALECTS) {
  describe(`text at the storage boundary (${dialect.name})`, () => {
    it('refuses NUL and other control characters in every stored text field with 400 naming it', { skip: !dialect.available }, async () => {
      await onEach(async (server) => {
        const owner = await registerUser(server.url, 'owner');
        const victim = await registerUser(server.url, 'victim');
        const room = await createRoom(server.url, owner.accessToken, { name: 'nul' });
        await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: victim.accessToken, body: {} });
        const cases: Array<[string, string, unknown, string]> = [
          ['PATCH', '/api/me', { bio: 'a\u0000b' }, 'body.bio'],
          ['PATCH', '/api/me', { displayName: 'a\u0000b' }, 'body.displayName'],
          ['POST', '/api/rooms', { name: 'ok', description: 'a\u0000b' }, 'body.description'],
          ['PATCH', `/api/rooms/${room.id}`, { description: 'esc \u001b[2J' }, 'body.description'],
          ['PUT', `/api/rooms/${room.id}/bans/${victim.user.id}`, { reason: 'x\u0000y' }, 'body.reason'],
          ['POST', '/api/auth/login', { username: 'a\u0000b', password: 'whatever it is' }, 'body.username'],
        ];
        for (const [method, path, body, field] of cases) {
          const res = await api(server.url, method, path, { token: owner.accessToken, body });
          expect({ path, field, ...res }).toEqual({ path, field, status: 400, body: invalidRequest(field) });
        }
        const socket = await connect(server.wsUrl, owner.accessToken);
        const reply = await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'a\u0000b' });
        expect(reply).toEqual(errorFrame('invalid_frame', { ref: expect.any(String), message: expect.stringContaining('body') }));
        expect(await socket.request({ type: 'session.ping' })).toEqual({ type: 'session.pong', ref: expect.any(String) });
        await socket.close();
        const members = await api<{ members: unknown[] }>(server.url, 'GET', `/api/rooms/${room.id}/members`, { token: owner.accessToken });
        expect(members.body.members).toHaveLength(2);
      }, dialect);
    });

    it('stores tabs, line breaks, bidi marks, emoji, CJK and U+FFFD exactly as sent', { skip: !dialect.available }, async () => {
      await onEach(async (server) => {
        const owner = await registerUser(server.url, 'owner');
        const text = 'tab\there\r\nمرحبا \u202B!\u202C 😀 字 \uFFFD \u00e9';
        const room = await createRoom(server.url, owner.accessToken, { name: '字 😀 room', description: text });
        const me = await api<User>(server.url, 'PATCH', '/api/me', { token: owner.accessToken, body: { bio: text } });
        expect(me.body.bio).toBe(text);
        const socket = await connect(server.wsUrl, owner.accessToken);
        const clientMsgId = randomUUID();
        expect(await socket.request({ type: 'message.send', roomId: room.id, clientMsgId, body: text })).toEqual(acked(room.id, clientMsgId));
        await socket.close();
        const read = await api<Room>(server.url, 'GET', `/api/rooms/${room.id}`, { token: owner.accessToken });
        expect([read.body.name, read.body.description]).toEqual(['字 😀 room', text]);
        const history = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${room.id}/messages?limit=1`, { token: owner.accessToken });
        expect(history.body.messages[0]?.body).toBe(text);
        const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: '\ud800x', password: 'whatever it is' } });
        expect(login).toEqual({ status: 401, body: errorBody('invalid_credentials') });
      }, dialect);
    });
  });
}
