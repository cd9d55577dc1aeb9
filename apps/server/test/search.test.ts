import type { Room, SearchPage } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, userRef, type Account } from './helpers/bodies.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// One test body on every dialect, through a real server: the same data must give the same results
// on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm).
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`search on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let server: TestServer;
    let alice: Account;
    let bob: Account;
    let carol: Account;
    let general: Room;
    let secret: Room;
    const sockets = new Map<string, TestClient>();
    let sent = 0;

    async function say(who: Account, roomId: string, body: string): Promise<number> {
      let socket = sockets.get(who.user.id);
      if (!socket) sockets.set(who.user.id, (socket = await connect(server.wsUrl, who.accessToken)));
      const reply = await socket.request({ type: 'message.send', roomId, clientMsgId: `c${++sent}`, body });
      if (reply.type !== 'message.acked') throw new Error(`send failed: ${JSON.stringify(reply)}`);
      return reply.seq;
    }
    const search = (who: Account, query: string) => api<SearchPage>(server.url, 'GET', `/api/search?${query}`, { token: who.accessToken });
    /** The bodies-as-snippets of a search, newest first (every test body is shorter than a snippet). */
    async function found(who: Account, q: string, extra = ''): Promise<string[]> {
      const res = await search(who, `q=${encodeURIComponent(q)}${extra}`);
      expect(res.status).toBe(200);
      return res.body.results.map((r) => r.snippet);
    }

    beforeAll(async () => {
      db = await dialect.create();
      server = await startServer({ databaseUrl: db.url });
      [alice, bob, carol] = (await Promise.all(['alice', 'bob', 'carol'].map((p) => registerUser(server.url, p)))) as [Account, Account, Account];
      general = await createRoom(server.url, alice.accessToken, { name: '综合 general' });
      await api(server.url, 'POST', `/api/rooms/${general.id}/join`, { token: bob.accessToken });
      secret = await createRoom(server.url, carol.accessToken, { name: 'carol only', visibility: 'private' });
      for (const body of ['我们的数据库挂了', 'Deploy failed on STAGING', 'PostgreSQL数据库 upgrade tonight', '100% done_ok', 'say "hi" * NEAR(x) OR y']) {
        await say(alice, general.id, body);
      }
      await say(bob, general.id, '数据库迁移完成');
      await say(carol, secret.id, '机密：数据库密码在这里');
    });
    afterAll(async () => {
      for (const s of sockets.values()) await s.close();
      await server?.close();
      await db?.drop();
    });

    it('finds Chinese by any substring of three or more characters', async () => {
      expect(await found(alice, '数据库')).toEqual(['数据库迁移完成', 'PostgreSQL数据库 upgrade tonight', '我们的数据库挂了']);
      expect(await found(alice, '的数据库挂')).toEqual(['我们的数据库挂了']);
      expect(await found(alice, '数据仓库')).toEqual([]);
    });

    it('finds Chinese by two-character substrings, which the trigram index cannot answer alone', async () => {
      expect(await found(alice, '据库')).toEqual(['数据库迁移完成', 'PostgreSQL数据库 upgrade tonight', '我们的数据库挂了']);
      expect(await found(alice, '数据')).toEqual(['数据库迁移完成', 'PostgreSQL数据库 upgrade tonight', '我们的数据库挂了']);
      expect(await found(alice, '挂了')).toEqual(['我们的数据库挂了']);
    });

    it('finds English by word or substring, ignoring Latin case', async () => {
      expect(await found(alice, 'deploy')).toEqual(['Deploy failed on STAGING']);
      expect(await found(alice, 'staging')).toEqual(['Deploy failed on STAGING']);
      expect(await found(alice, 'AILED ON st')).toEqual(['Deploy failed on STAGING']);
      expect(await found(alice, 'On')).toEqual(['100% done_ok', 'PostgreSQL数据库 upgrade tonight', 'Deploy failed on STAGING']);
    });

    it('finds mixed Chinese and Latin text across the script boundary', async () => {
      expect(await found(alice, 'sql数据')).toEqual(['PostgreSQL数据库 upgrade tonight']);
      expect(await found(alice, '库 UPGRADE')).toEqual(['PostgreSQL数据库 upgrade tonight']);
    });

    it('treats LIKE wildcards and FTS5 syntax as literal text', async () => {
      expect(await found(alice, '0%')).toEqual(['100% done_ok']);
      expect(await found(alice, 'e_o')).toEqual(['100% done_ok']);
      expect(await found(alice, '%%')).toEqual([]);
      expect(await found(alice, '__')).toEqual([]);
      expect(await found(alice, '%_%')).toEqual([]);
      expect(await found(alice, '"hi" *')).toEqual(['say "hi" * NEAR(x) OR y']);
      expect(await found(alice, 'NEAR(x)')).toEqual(['say "hi" * NEAR(x) OR y']);
      for (const q of ['""', '**', '* OR *', 'NEAR(y', '数据库"', '\\%', 'a AND b', '^de']) {
        expect(await found(alice, q), q).toEqual([]);
      }
    });

    it('answers each result with its room, seq, sender and time', async () => {
      const res = await search(alice, `q=${encodeURIComponent('迁移')}`);
      expect(res).toEqual({
        status: 200,
        body: {
          results: [
            {
              messageId: expect.any(String),
              roomId: general.id,
              roomName: '综合 general',
              seq: expect.any(Number),
              sender: userRef(bob),
              createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
              snippet: '数据库迁移完成',
              truncatedStart: false,
              truncatedEnd: false,
              matches: [{ start: 3, length: 2 }],
            },
          ],
          nextBefore: null,
        },
      });
      const history = await api<{ messages: Array<{ id: string; seq: number }> }>(server.url, 'GET', `/api/rooms/${general.id}/messages`, { token: alice.accessToken });
      const original = history.body.messages.find((m) => m.id === res.body.results[0]?.messageId);
      expect(original?.seq).toBe(res.body.results[0]?.seq);
    });

    it('cuts a snippet around the first hit with match offsets in code points', async () => {
      const room = await createRoom(server.url, alice.accessToken, { name: 'long' });
      await say(alice, room.id, `${'😀'.repeat(100)}我们的数据库挂了 again 数据库${'é'.repeat(300)}`);
      const res = await search(alice, `q=${encodeURIComponent('数据库')}&roomId=${room.id}`);
      const [hit] = res.body.results;
      expect(hit).toMatchObject({ truncatedStart: true, truncatedEnd: true, matches: [{ start: 60, length: 3 }, { start: 72, length: 3 }] });
      const chars = [...(hit?.snippet ?? '')];
      expect(chars).toHaveLength(200);
      expect(chars.slice(0, 60).join('')).toBe(`${'😀'.repeat(57)}我们的`);
      for (const m of hit?.matches ?? []) expect(chars.slice(m.start, m.start + m.length).join('')).toBe('数据库');
    });

    it('highlights every occurrence whatever its Latin case', async () => {
      const room = await createRoom(server.url, alice.accessToken, { name: 'case' });
      await say(alice, room.id, 'Ops: OPS and ops 🚀 ops');
      const res = await search(alice, `q=ops&roomId=${room.id}`);
      expect(res.body.results.map((r) => r.matches)).toEqual([
        [{ start: 0, length: 3 }, { start: 5, length: 3 }, { start: 13, length: 3 }, { start: 19, length: 3 }],
      ]);
    });

    it('pages newest first through a cursor until nextBefore is null', async () => {
      const room = await createRoom(server.url, alice.accessToken, { name: 'pages' });
      for (let i = 1; i <= 5; i++) await say(alice, room.id, `page marker ${i}`);
      const seen: string[] = [];
      let before = '';
      for (let page = 0; page < 3; page++) {
        const res = await search(alice, `q=marker&limit=2&roomId=${room.id}${before}`);
        seen.push(...res.body.results.map((r) => r.snippet));
        expect(res.body.nextBefore === null).toBe(page === 2);
        before = `&before=${res.body.nextBefore ?? ''}`;
      }
      expect(seen).toEqual([5, 4, 3, 2, 1].map((i) => `page marker ${i}`));
    });

    it("never searches another user's private room", async () => {
      expect(await found(alice, '机密')).toEqual([]);
      expect(await found(bob, '密码在')).toEqual([]);
      expect(await found(carol, '密码在')).toEqual(['机密：数据库密码在这里']);
      expect(await search(alice, `q=abc&roomId=${secret.id}`)).toEqual({ status: 404, body: errorBody('room_not_found') });
    });

    it('does not search a public room the user has not joined, and names it not_room_member', async () => {
      const open = await createRoom(server.url, carol.accessToken, { name: 'open' });
      await say(carol, open.id, 'public zebra crossing');
      expect(await found(alice, 'zebra')).toEqual([]);
      expect(await search(alice, `q=zebra&roomId=${open.id}`)).toEqual({ status: 403, body: errorBody('not_room_member') });
      await api(server.url, 'POST', `/api/rooms/${open.id}/join`, { token: alice.accessToken });
      expect(await found(alice, 'zebra', `&roomId=${open.id}`)).toEqual(['public zebra crossing']);
    });

    it('stops searching a room once the user left, was kicked or was banned', async () => {
      const [leaver, kicked, banned] = (await Promise.all(['leaver', 'kicked', 'banned'].map((p) => registerUser(server.url, p)))) as [Account, Account, Account];
      const ops = await createRoom(server.url, carol.accessToken, { name: 'ops', visibility: 'private' });
      for (const who of [leaver, kicked, banned]) await joinPrivate(server.url, carol.accessToken, who.accessToken, ops.id);
      await say(carol, ops.id, '部署窗口在周五');
      for (const who of [leaver, kicked, banned]) expect(await found(who, '部署窗口')).toEqual(['部署窗口在周五']);
      expect((await api(server.url, 'POST', `/api/rooms/${ops.id}/leave`, { token: leaver.accessToken })).status).toBe(204);
      expect((await api(server.url, 'DELETE', `/api/rooms/${ops.id}/members/${kicked.user.id}`, { token: carol.accessToken })).status).toBe(204);
      expect((await api(server.url, 'PUT', `/api/rooms/${ops.id}/bans/${banned.user.id}`, { token: carol.accessToken, body: {} })).status).toBe(200);
      for (const who of [leaver, kicked, banned]) {
        expect(await found(who, '部署窗口')).toEqual([]);
        expect(await found(who, '部署')).toEqual([]);
        expect(await search(who, `q=abc&roomId=${ops.id}`)).toEqual({ status: 404, body: errorBody('room_not_found') });
      }
    });

    it('never searches a deleted room, not even for its owner', async () => {
      const doomed = await createRoom(server.url, alice.accessToken, { name: 'doomed' });
      await say(alice, doomed.id, 'last words of doomed room');
      expect(await found(alice, 'last words')).toEqual(['last words of doomed room']);
      expect((await api(server.url, 'DELETE', `/api/rooms/${doomed.id}`, { token: alice.accessToken })).status).toBe(204);
      expect(await found(alice, 'last words')).toEqual([]);
      expect(await found(alice, 'wo')).not.toContain('last words of doomed room');
      expect(await search(alice, `q=abc&roomId=${doomed.id}`)).toEqual({ status: 404, body: errorBody('room_not_found') });
    });

    it('leaves system messages out of the results', async () => {
      const room = await createRoom(server.url, alice.accessToken, { name: 'systems' });
      await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken });
      const history = await api<{ messages: Array<{ kind: string; body: string }> }>(server.url, 'GET', `/api/rooms/${room.id}/messages`, { token: alice.accessToken });
      const system = history.body.messages.find((m) => m.kind === 'system');
      expect(system).toBeDefined();
      // Whatever text a system message stores, searching for the joiner's name finds nothing there.
      expect(await found(alice, bob.user.username, `&roomId=${room.id}`)).toEqual([]);
    });

    it('refuses a query that is too short, too long or malformed with invalid_request', async () => {
      expect(await search(alice, 'q=a')).toEqual({ status: 400, body: invalidRequest('q') });
      expect(await search(alice, `q=${encodeURIComponent('  数  ')}`)).toEqual({ status: 400, body: invalidRequest('q') });
      expect(await search(alice, `q=${'数'.repeat(201)}`)).toEqual({ status: 400, body: invalidRequest('q') });
      expect(await search(alice, '')).toEqual({ status: 400, body: invalidRequest('q') });
      expect(await search(alice, 'q=abc&limit=0')).toEqual({ status: 400, body: invalidRequest('limit') });
      expect(await search(alice, 'q=abc&before=yesterday')).toEqual({ status: 400, body: invalidRequest('before') });
      expect(await search(alice, 'q=abc&roomId=nope')).toEqual({ status: 400, body: invalidRequest('roomId') });
      expect((await api(server.url, 'GET', '/api/search?q=abc')).status).toBe(401);
    });
  });
}
