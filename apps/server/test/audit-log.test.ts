import type { AuditEntry, AuditPage, AuthSession, Invite, Me, SessionList } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser, registerUserWithCookie } from './helpers/api.js';
import { errorBody, userRef, type Account } from './helpers/bodies.js';
import { DIALECTS } from './helpers/dialects.js';
import { authPost, cookieOf, refreshWith } from './helpers/refresh-cookie.js';
import { startServer, type TestServer } from './helpers/start-server.js';

// The audit log: one row per security event, readable by a room's owner and by instance admins only.
let server: TestServer;
let admin: Account;
beforeAll(async () => {
  server = await startServer();
  admin = await registerUser(server.url, 'first'); // the first account of a fresh instance
});
afterAll(async () => {
  await server.close();
});

const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) => api<T>(server.url, method, path, { token, body });
const adminLog = async (query: string) => {
  const res = await call<AuditPage>('GET', `/api/admin/audit?${query}`, admin.accessToken);
  expect(res.status).toBe(200);
  return res.body;
};
const roomLog = (roomId: string, token: string, query = '') => call<AuditPage>('GET', `/api/rooms/${roomId}/audit${query}`, token);
const entry = (e: Partial<AuditEntry>) => ({ id: expect.any(String), at: expect.any(String), actor: null, roomId: null, target: null, ip: null, details: {}, ...e });

describe('instance admins', () => {
  it('makes the first registered account the instance admin and no one after', async () => {
    const second = await registerUser(server.url, 'second');
    expect((await call<Me>('GET', '/api/me', admin.accessToken)).body.isAdmin).toBe(true);
    expect((await call<Me>('GET', '/api/me', second.accessToken)).body.isAdmin).toBe(false);
  });

  it('shows isAdmin only on the caller\'s own profile, never in user refs', async () => {
    expect(admin.user).not.toHaveProperty('isAdmin');
    const room = await createRoom(server.url, admin.accessToken, { name: 'refs' });
    const members = await call<{ members: Array<{ user: object }> }>('GET', `/api/rooms/${room.id}/members`, admin.accessToken);
    expect(members.body.members[0]?.user).toEqual(userRef(admin));
  });

  for (const dialect of DIALECTS) {
    it.skipIf(!dialect.available)(`makes exactly one admin when first registrations race (${dialect.name})`, async () => {
      const db = await dialect.create();
      const fresh = await startServer({ databaseUrl: db.url });
      try {
        const accounts = await Promise.all(Array.from({ length: 8 }, () => registerUser(fresh.url, 'racer')));
        const flags = await Promise.all(accounts.map((a) => api<Me>(fresh.url, 'GET', '/api/me', { token: a.accessToken })));
        expect(flags.filter((f) => f.body.isAdmin)).toHaveLength(1);
      } finally {
        await fresh.close();
        await db.drop();
      }
    });
  }

  it('hides the instance log from everyone but instance admins', async () => {
    const user = await registerUser(server.url, 'curious');
    expect(await call('GET', '/api/admin/audit', user.accessToken)).toEqual({ status: 404, body: errorBody('not_found') });
    expect((await api(server.url, 'GET', '/api/admin/audit')).status).toBe(401);
  });
});

describe('login failures', () => {
  it('records unknown user and wrong password differently while the answers stay byte-identical', async () => {
    const victim = await registerUser(server.url, 'Victim');
    const unknownName = `Nobody_${Date.now()}`;
    const unknown = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: unknownName, password: 'guess-one-2-3' }),
    });
    const wrong = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: victim.user.username, password: 'guess-one-2-3' }),
    });
    expect(wrong.status).toBe(unknown.status);
    expect(await wrong.text()).toBe(await unknown.text());

    const log = await adminLog('action=auth.login_failed&limit=100');
    const rows = log.entries.filter((e) => e.details.username === unknownName.toLowerCase() || e.target?.id === victim.user.id);
    expect(rows).toEqual([
      entry({ action: 'auth.login_failed', target: userRef(victim), ip: '127.0.0.1', details: { username: victim.user.username.toLowerCase(), reason: 'wrong_password' } }),
      entry({ action: 'auth.login_failed', ip: '127.0.0.1', details: { username: unknownName.toLowerCase(), reason: 'unknown_user' } }),
    ]);
    expect(JSON.stringify(log)).not.toContain('guess-one-2-3');
  });
});

describe('password changes', () => {
  it('records one auth.password_changed row with no password in it', async () => {
    const user = await registerUser(server.url, 'changer');
    const res = await call('PATCH', '/api/me', user.accessToken, { currentPassword: user.password, newPassword: 'a whole new passphrase' });
    expect(res.status).toBe(200);
    const log = await adminLog(`userId=${user.user.id}`);
    expect(log.entries).toEqual([entry({ action: 'auth.password_changed', actor: userRef(user), target: userRef(user) })]);
    expect(JSON.stringify(log)).not.toContain(user.password);
    expect(JSON.stringify(log)).not.toContain('a whole new passphrase');
  });

  it('records session revocations with their reason, a replayed refresh token among them, but not a plain logout', async () => {
    const user = await registerUserWithCookie(server.url, 'revoker');
    const login = () => authPost<AuthSession>(server.url, '/api/auth/login', { body: { username: user.user.username, password: user.password } });
    const second = await login();
    const sessions = await call<SessionList>('GET', '/api/me/sessions', user.accessToken);
    const other = sessions.body.sessions.find((s) => !s.current);
    expect(other).toBeDefined();
    expect((await call('DELETE', `/api/me/sessions/${other?.id ?? ''}`, user.accessToken)).status).toBe(204);
    const rotated = await refreshWith(server.url, user.refreshToken);
    expect(rotated.status).toBe(200);
    expect((await refreshWith(server.url, user.refreshToken)).status).toBe(401); // the old token again: theft
    const third = await login();
    expect((await authPost(server.url, '/api/auth/logout', { refreshToken: cookieOf(third) })).status).toBe(204);
    const revoked = (await adminLog(`userId=${user.user.id}&action=auth.sessions_revoked`)).entries;
    const self = userRef(user);
    expect(revoked.map((e) => e.details)).toEqual([
      { reason: 'refresh_token_reuse', count: 1 },
      { reason: 'revoked', count: 1 },
    ]);
    expect(revoked.every((e) => e.actor?.id === self.id && e.target?.id === self.id)).toBe(true);
    expect(second.status).toBe(200);
  });
});

describe('room events', () => {
  async function scene() {
    const owner = await registerUser(server.url, 'owner');
    const member = await registerUser(server.url, 'member');
    const room = await createRoom(server.url, owner.accessToken, { name: 'Vault', visibility: 'private' });
    await joinPrivate(server.url, owner.accessToken, member.accessToken, room.id);
    return { owner, member, room };
  }

  it('writes exactly one row per action with actor, target and details', async () => {
    const { owner, member, room } = await scene();
    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, { expiresInHours: 2 });
    expect((await call('POST', `/api/rooms/${room.id}/members/${member.user.id}/role`, owner.accessToken, { role: 'admin' })).status).toBe(200);
    expect((await call('PATCH', `/api/rooms/${room.id}`, owner.accessToken, { name: 'Vault 2' })).status).toBe(200);
    expect((await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, owner.accessToken)).status).toBe(204);

    const log = await roomLog(room.id, owner.accessToken);
    const by = userRef(owner);
    expect(log).toEqual({
      status: 200,
      body: {
        hasMore: false,
        entries: [
          entry({ action: 'room.member_kicked', actor: by, roomId: room.id, target: userRef(member), details: { role: 'admin' } }),
          entry({ action: 'room.updated', actor: by, roomId: room.id, details: { oldName: 'Vault', name: 'Vault 2', descriptionChanged: false } }),
          entry({ action: 'room.role_changed', actor: by, roomId: room.id, target: userRef(member), details: { from: 'member', to: 'admin' } }),
          entry({ action: 'invite.created', actor: by, roomId: room.id, details: { expiresAt: invite.body.expiresAt } }),
          entry({ action: 'invite.created', actor: by, roomId: room.id, details: { expiresAt: expect.any(String) } }),
        ],
      },
    });
    expect(JSON.stringify(log.body)).not.toContain(invite.body.code);
  });

  it('records nothing for a change that changes nothing', async () => {
    const { owner, member, room } = await scene();
    await call('POST', `/api/rooms/${room.id}/members/${member.user.id}/role`, owner.accessToken, { role: 'member' });
    await call('PATCH', `/api/rooms/${room.id}`, owner.accessToken, { name: 'Vault' });
    expect((await roomLog(room.id, owner.accessToken)).body.entries.map((e) => e.action)).toEqual(['invite.created']);
  });

  it('records room.deleted, readable by instance admins once the room is gone', async () => {
    const { owner, room } = await scene();
    expect((await call('DELETE', `/api/rooms/${room.id}`, owner.accessToken)).status).toBe(204);
    expect(await roomLog(room.id, owner.accessToken)).toEqual({ status: 404, body: errorBody('room_not_found') });
    const log = await adminLog(`roomId=${room.id}&action=room.deleted`);
    expect(log).toEqual({ hasMore: false, entries: [entry({ action: 'room.deleted', actor: userRef(owner), roomId: room.id, details: { name: 'Vault' } })] });
  });
});

describe('who may read a room\'s log', () => {
  it('refuses room admins and members, and hides a private room from non-members, the kicked and instance admins', async () => {
    const owner = await registerUser(server.url, 'owner');
    const roomAdmin = await registerUser(server.url, 'radmin');
    const member = await registerUser(server.url, 'member');
    const kicked = await registerUser(server.url, 'kicked');
    const stranger = await registerUser(server.url, 'stranger');
    const room = await createRoom(server.url, owner.accessToken, { name: 'Closed', visibility: 'private' });
    for (const a of [roomAdmin, member, kicked]) await joinPrivate(server.url, owner.accessToken, a.accessToken, room.id);
    await call('POST', `/api/rooms/${room.id}/members/${roomAdmin.user.id}/role`, owner.accessToken, { role: 'admin' });
    await call('DELETE', `/api/rooms/${room.id}/members/${kicked.user.id}`, owner.accessToken);

    expect((await roomLog(room.id, owner.accessToken)).status).toBe(200);
    expect(await roomLog(room.id, roomAdmin.accessToken)).toEqual({ status: 403, body: errorBody('insufficient_role') });
    expect(await roomLog(room.id, member.accessToken)).toEqual({ status: 403, body: errorBody('insufficient_role') });
    const notFound = await call('GET', `/api/rooms/00000000-0000-4000-8000-000000000000/audit`, stranger.accessToken);
    for (const outsider of [stranger, kicked, admin]) expect(await roomLog(room.id, outsider.accessToken)).toEqual(notFound);
    expect(notFound).toEqual({ status: 404, body: errorBody('room_not_found') });
  });

  it('refuses a non-member of a public room with not_room_member', async () => {
    const owner = await registerUser(server.url, 'owner');
    const passer = await registerUser(server.url, 'passer');
    const room = await createRoom(server.url, owner.accessToken, { name: 'Open' });
    expect(await roomLog(room.id, passer.accessToken)).toEqual({ status: 403, body: errorBody('not_room_member') });
  });
});

describe('pagination and filters', () => {
  it('pages newest first with a stable cursor and no entry twice', async () => {
    const owner = await registerUser(server.url, 'pager');
    const room = await createRoom(server.url, owner.accessToken, { name: 'Paged' });
    for (let i = 0; i < 7; i++) await call('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, {});
    const all = (await roomLog(room.id, owner.accessToken, '?limit=100')).body.entries;
    expect(all).toHaveLength(7);
    expect([...all].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).map((e) => e.at)).toEqual(all.map((e) => e.at));
    const seen: AuditEntry[] = [];
    let before = '';
    const sizes: boolean[] = [];
    for (;;) {
      const page = (await roomLog(room.id, owner.accessToken, `?limit=3${before}`)).body;
      seen.push(...page.entries);
      sizes.push(page.hasMore);
      if (!page.hasMore) break;
      before = `&before=${page.entries.at(-1)!.id}`;
    }
    expect(sizes).toEqual([true, true, false]);
    expect(seen).toEqual(all);
  });

  it('gives an empty page for a cursor from another room', async () => {
    const owner = await registerUser(server.url, 'cursor');
    const a = await createRoom(server.url, owner.accessToken, { name: 'A' });
    const b = await createRoom(server.url, owner.accessToken, { name: 'B' });
    await call('POST', `/api/rooms/${a.id}/invites`, owner.accessToken, {});
    await call('POST', `/api/rooms/${b.id}/invites`, owner.accessToken, {});
    const foreign = (await roomLog(a.id, owner.accessToken)).body.entries[0]!.id;
    expect(await roomLog(b.id, owner.accessToken, `?before=${foreign}`)).toEqual({ status: 200, body: { entries: [], hasMore: false } });
  });

  it('filters the instance log by action, room and user', async () => {
    const owner = await registerUser(server.url, 'filtered');
    const room = await createRoom(server.url, owner.accessToken, { name: 'F' });
    await call('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, {});
    await call('PATCH', `/api/rooms/${room.id}`, owner.accessToken, { name: 'F2' });
    expect((await adminLog(`roomId=${room.id}`)).entries.map((e) => e.action)).toEqual(['room.updated', 'invite.created']);
    expect((await adminLog(`roomId=${room.id}&action=invite.created`)).entries.map((e) => e.action)).toEqual(['invite.created']);
    expect((await adminLog(`userId=${owner.user.id}&limit=1`))).toEqual({ hasMore: true, entries: [expect.objectContaining({ action: 'room.updated' })] });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=1.5', 'limit'],
    ['before=not-an-id', 'before'],
    ['action=auth.everything', 'action'],
    ['userId=1', 'userId'],
    ['extra=1', 'querystring'],
  ])('refuses a bad instance log query (%s)', async (query, field) => {
    const res = await call('GET', `/api/admin/audit?${query}`, admin.accessToken);
    expect(res).toEqual({ status: 400, body: errorBody('invalid_request', expect.stringContaining(field)) });
  });
});
