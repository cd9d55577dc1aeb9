import type { Member, MemberList, User } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { invalidRequest, userRef, type Account } from './helpers/bodies.js';
import { join } from './helpers/cast.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// A user's status line (issue #5) and the order of member lists.
let server: TestServer;
const sockets: TestClient[] = [];
beforeAll(async () => {
  server = await startServer();
  await registerUser(server.url, 'first'); // the instance admin, so the users below are not
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await server.close();
});

const patchMe = (a: Account, body: unknown) => api<User>(server.url, 'PATCH', '/api/me', { token: a.accessToken, body });
const me = (a: Account, statusText: string, extra: Partial<User> = {}): User => ({
  ...userRef(a),
  bio: '',
  statusText,
  createdAt: a.user.createdAt,
  ...extra,
});
const members = async (a: Account, roomId: string) =>
  (await api<MemberList>(server.url, 'GET', `/api/rooms/${roomId}/members`, { token: a.accessToken })).body.members;

describe('status text', () => {
  it('starts empty, and is trimmed and NFC-normalised when set', async () => {
    const ada = await registerUser(server.url, 'ada');
    expect(ada.user.statusText).toBe('');
    expect(await patchMe(ada, { statusText: '  Cafe\u0301 then 开会  ' })).toEqual({ status: 200, body: me(ada, 'Caf\u00e9 then 开会') });
    expect(await api(server.url, 'GET', '/api/me', { token: ada.accessToken })).toEqual({ status: 200, body: { ...me(ada, 'Caf\u00e9 then 开会'), isAdmin: false, passwordChangeRequired: false } });
  });

  it('leaves the status alone when a patch does not name it, and clears it with an empty string', async () => {
    const ada = await registerUser(server.url, 'ada');
    await patchMe(ada, { statusText: 'on holiday' });
    expect(await patchMe(ada, { bio: 'hi' })).toEqual({ status: 200, body: me(ada, 'on holiday', { bio: 'hi' }) });
    expect(await patchMe(ada, { statusText: '   ' })).toEqual({ status: 200, body: me(ada, '', { bio: 'hi' }) });
  });

  it('counts code points: 100 Chinese characters or emoji fit, 101 do not', async () => {
    const ada = await registerUser(server.url, 'ada');
    expect((await patchMe(ada, { statusText: '忙'.repeat(100) })).body.statusText).toBe('忙'.repeat(100));
    expect((await patchMe(ada, { statusText: '🌴'.repeat(100) })).body.statusText).toBe('🌴'.repeat(100));
    expect(await patchMe(ada, { statusText: '忙'.repeat(101) })).toEqual({ status: 400, body: invalidRequest('body.statusText') });
    expect(await patchMe(ada, { statusText: 42 })).toEqual({ status: 400, body: invalidRequest('body.statusText') });
    expect((await api<User>(server.url, 'GET', '/api/me', { token: ada.accessToken })).body.statusText).toBe('🌴'.repeat(100));
  });

  it('comes with session.ready, login and every member list entry', async () => {
    const ada = await registerUser(server.url, 'ada');
    const bo = await registerUser(server.url, 'bo');
    const room = await createRoom(server.url, ada.accessToken, { name: 'status' });
    await join(server.url, bo.accessToken, room.id);
    await patchMe(bo, { statusText: '在开会' });
    const socket = await connect(server.wsUrl, bo.accessToken);
    sockets.push(socket);
    expect(socket.frames[0]).toEqual({ type: 'session.ready', user: me(bo, '在开会'), heartbeatMs: expect.any(Number) });
    const login = await api<{ user: User }>(server.url, 'POST', '/api/auth/login', { body: { username: bo.user.username, password: bo.password } });
    expect(login.body.user).toEqual(me(bo, '在开会'));
    expect((await members(ada, room.id)).map((m) => [m.user.id, m.statusText])).toEqual([
      [bo.user.id, '在开会'], // online first
      [ada.user.id, ''],
    ]);
  });
});

describe('member list order', () => {
  it('lists online members first, then owner, admins and members, each by display name', async () => {
    const names = ['Owner', 'zoe', 'Adam', 'bea', 'Carl', 'dora', 'Ed'];
    const accounts: Account[] = [];
    for (const n of names) {
      const a = await registerUser(server.url, 'order');
      accounts.push(a);
      await patchMe(a, { displayName: n });
    }
    const [owner, zoe, adam, bea, carl, dora, ed] = accounts as [Account, Account, Account, Account, Account, Account, Account];
    const room = await createRoom(server.url, owner.accessToken, { name: 'order' });
    for (const a of [zoe, adam, bea, carl, dora, ed]) await join(server.url, a.accessToken, room.id);
    for (const a of [zoe, bea, dora]) {
      const res = await api(server.url, 'POST', `/api/rooms/${room.id}/members/${a.user.id}/role`, { token: owner.accessToken, body: { role: 'admin' } });
      expect(res.status).toBe(200);
    }
    // Online: zoe (admin), carl, ed. Offline: the owner, bea and dora (admins), adam.
    for (const a of [ed, zoe, carl]) sockets.push(await connect(server.wsUrl, a.accessToken));
    const order = (list: Member[]) => list.map((m) => [m.user.displayName, m.role, m.online]);
    expect(order(await members(owner, room.id))).toEqual([
      ['zoe', 'admin', true],
      ['Carl', 'member', true],
      ['Ed', 'member', true],
      ['Owner', 'owner', false],
      ['bea', 'admin', false],
      ['dora', 'admin', false],
      ['Adam', 'member', false],
    ]);
  });
});
