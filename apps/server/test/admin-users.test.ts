import type { AdminUser, AdminUsersPage, AuditPage, Me } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

let server: TestServer;
let admin: Account;
beforeAll(async () => {
  server = await startServer();
  admin = await registerUser(server.url, 'admin'); // the first account is the instance admin
});
afterAll(async () => {
  await server?.close();
});

const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) => api<T>(server.url, method, path, { token, body });
const listUsers = (query: string) => call<AdminUsersPage>('GET', `/api/admin/users?${query}`, admin.accessToken);
const patchUser = (userId: string, body: unknown, token = admin.accessToken) => call<AdminUser>('PATCH', `/api/admin/users/${userId}`, token, body);
const login = (a: Account) => api(server.url, 'POST', '/api/auth/login', { body: { username: a.user.username, password: a.password } });
const lastAudit = async (action: string) => (await call<AuditPage>('GET', `/api/admin/audit?action=${action}&limit=1`, admin.accessToken)).body.entries[0];

describe('the admin user list', () => {
  it('shows each user with admin flags, last activity and whether they are online', async () => {
    const user = await registerUser(server.url, 'listed');
    const socket = await connect(server.wsUrl, user.accessToken);
    const res = await listUsers(`q=${user.user.username}`);
    expect(res).toEqual({
      status: 200,
      body: {
        users: [{ ...user.user, bio: '', statusText: '', createdAt: expect.any(String), isAdmin: false, disabled: false, lastActiveAt: expect.any(String), online: true }],
        nextCursor: null,
      },
    });
    await socket.close();
  });

  it('finds users by any part of the username or display name, Chinese included, whatever the case', async () => {
    const zh = await registerUser(server.url, 'zh');
    await call('PATCH', '/api/me', zh.accessToken, { displayName: '王小明 Wang' });
    const byName = (await listUsers(`q=${encodeURIComponent('小明')}`)).body.users.map((u) => u.id);
    expect(byName).toEqual([zh.user.id]);
    expect((await listUsers(`q=${encodeURIComponent('WANG')}`)).body.users.map((u) => u.id)).toEqual([zh.user.id]);
    expect((await listUsers(`q=${zh.user.username.toUpperCase()}`)).body.users.map((u) => u.id)).toEqual([zh.user.id]);
  });

  it('pages oldest account first with a cursor, every user exactly once', async () => {
    for (let i = 0; i < 4; i++) await registerUser(server.url, 'paged');
    const all = (await listUsers('limit=100')).body.users.map((u) => u.id);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: AdminUsersPage = (await listUsers(`limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.users.map((u) => u.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all);
    expect(all[0]).toBe(admin.user.id);
  });

  it('filters admins and disabled accounts', async () => {
    const off = await registerUser(server.url, 'off');
    await patchUser(off.user.id, { disabled: true });
    expect((await listUsers('filter=admins')).body.users.map((u) => u.id)).toEqual([admin.user.id]);
    expect((await listUsers('filter=disabled')).body.users.map((u) => u.id)).toContain(off.user.id);
    expect((await listUsers('filter=disabled')).body.users.every((u) => u.disabled)).toBe(true);
  });

  it('refuses a made-up cursor and a limit out of range with 400 invalid_request', async () => {
    expect(await listUsers('cursor=nonsense')).toEqual({ status: 400, body: invalidRequest('cursor') });
    expect(await listUsers('limit=101')).toEqual({ status: 400, body: invalidRequest('limit') });
    expect(await listUsers('filter=everyone')).toEqual({ status: 400, body: invalidRequest('filter') });
  });
});

describe('changing a user', () => {
  it('disables and enables an account, each audited with the admin and the user', async () => {
    const user = await registerUser(server.url, 'toggled');
    expect(await patchUser(user.user.id, { disabled: true })).toMatchObject({ status: 200, body: { id: user.user.id, disabled: true } });
    expect(await lastAudit('admin.user_disabled')).toMatchObject({ actor: { id: admin.user.id }, target: { id: user.user.id }, details: { sessionsEnded: 1, patsRevoked: 0 } });
    expect(await login(user)).toEqual({ status: 403, body: errorBody('account_disabled') });
    expect(await patchUser(user.user.id, { disabled: false })).toMatchObject({ status: 200, body: { disabled: false } });
    expect(await lastAudit('admin.user_enabled')).toMatchObject({ actor: { id: admin.user.id }, target: { id: user.user.id } });
    expect((await login(user)).status).toBe(200);
    // Sessions ended by the disabling stay ended.
    expect((await call('GET', '/api/me', user.accessToken)).status).toBe(401);
  });

  it('promotes and demotes an admin, each audited', async () => {
    const user = await registerUser(server.url, 'promoted');
    expect(await patchUser(user.user.id, { isAdmin: true })).toMatchObject({ status: 200, body: { isAdmin: true } });
    expect((await call<Me>('GET', '/api/me', user.accessToken)).body.isAdmin).toBe(true);
    expect((await call('GET', '/api/admin/users', user.accessToken)).status).toBe(200);
    expect(await lastAudit('admin.user_promoted')).toMatchObject({ actor: { id: admin.user.id }, target: { id: user.user.id } });
    expect(await patchUser(user.user.id, { isAdmin: false })).toMatchObject({ status: 200, body: { isAdmin: false } });
    expect(await lastAudit('admin.user_demoted')).toMatchObject({ actor: { id: admin.user.id }, target: { id: user.user.id } });
    expect(await call('GET', '/api/admin/users', user.accessToken)).toEqual({ status: 404, body: errorBody('not_found') });
  });

  it('records nothing for a change that changes nothing', async () => {
    const user = await registerUser(server.url, 'same');
    const before = (await call<AuditPage>('GET', `/api/admin/audit?userId=${user.user.id}`, admin.accessToken)).body.entries.length;
    expect(await patchUser(user.user.id, { disabled: false, isAdmin: false })).toMatchObject({ status: 200, body: { disabled: false, isAdmin: false } });
    expect((await call<AuditPage>('GET', `/api/admin/audit?userId=${user.user.id}`, admin.accessToken)).body.entries).toHaveLength(before);
  });

  it('never lets an admin disable or demote themselves', async () => {
    expect(await patchUser(admin.user.id, { disabled: true })).toEqual({ status: 409, body: errorBody('cannot_modify_self') });
    expect(await patchUser(admin.user.id, { isAdmin: false })).toEqual({ status: 409, body: errorBody('cannot_modify_self') });
    expect((await call<Me>('GET', '/api/me', admin.accessToken)).body.isAdmin).toBe(true);
  });

  it('lets only one of two admins demoting each other at once win, leaving one admin', async () => {
    const [x, y] = await Promise.all([registerUser(server.url, 'x'), registerUser(server.url, 'y')]);
    for (const a of [x, y]) await patchUser(a.user.id, { isAdmin: true });
    // The first admin steps aside (disabled by x), so x and y are the only enabled admins.
    await patchUser(admin.user.id, { disabled: true }, x.accessToken);
    const [a, b] = await Promise.all([patchUser(y.user.id, { isAdmin: false }, x.accessToken), patchUser(x.user.id, { isAdmin: false }, y.accessToken)]);
    // The loser is refused last_admin, or not_found if the winner committed before it was authenticated.
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect([a, b].find((r) => r.status !== 200)?.body).toEqual(expect.objectContaining({ error: expect.objectContaining({ code: expect.stringMatching(/^(last_admin|not_found)$/) }) }));
    const flags = await Promise.all([x, y].map(async (u) => (await call<Me>('GET', '/api/me', u.accessToken)).body.isAdmin));
    expect(flags.filter(Boolean)).toHaveLength(1);
    const still = flags[0] ? x : y;
    await patchUser(admin.user.id, { disabled: false }, still.accessToken);
    admin = { ...admin, ...((await login(admin)).body as object) } as Account;
  });

  it('answers 404 user_not_found for an unknown user and 400 for an empty change', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await patchUser(unknown, { disabled: true })).toEqual({ status: 404, body: errorBody('user_not_found') });
    expect(await patchUser(admin.user.id, {})).toEqual({ status: 400, body: errorBody('invalid_request') });
    expect(await patchUser(admin.user.id, { disabled: 'yes' })).toEqual({ status: 400, body: invalidRequest('disabled') });
  });
});
