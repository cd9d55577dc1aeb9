import type { CreatedAccessToken, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { errorBody, type Account } from './helpers/bodies.js';
import { registeredRoutes } from './helpers/routes.js';
import { startServer, type TestServer } from './helpers/start-server.js';

// THE table of the admin console's routes. Each row is a request an instance admin could make
// (`:user` and `:room` stand for a real user and room that must come out untouched). Every
// /api/admin/* route the server registers must have a row, so a new one is refused here until
// it is added: one line per route.
const ADMIN_ROUTES: Record<string, { path: string; body?: unknown }> = {
  'GET /api/admin/audit': { path: '/api/admin/audit' },
  'GET /api/admin/users': { path: '/api/admin/users?q=a' },
  'PATCH /api/admin/users/:userId': { path: '/api/admin/users/:user', body: { disabled: true } },
  'POST /api/admin/users/:userId/password-reset': { path: '/api/admin/users/:user/password-reset', body: { mode: 'temporary' } },
  'GET /api/admin/rooms': { path: '/api/admin/rooms?type=all' },
  'DELETE /api/admin/rooms/:id': { path: '/api/admin/rooms/:room' },
  'POST /api/admin/rooms/:id/transfer': { path: '/api/admin/rooms/:room/transfer', body: { userId: ':user' } },
  'GET /api/admin/settings': { path: '/api/admin/settings' },
  'PATCH /api/admin/settings': { path: '/api/admin/settings', body: { registration: 'closed' } },
  'GET /api/admin/stats': { path: '/api/admin/stats' },
};

let server: TestServer;
let admin: Account;
let member: Account;
let owner: Account;
let victim: Account;
let room: Room;

const token = async (jwt: string, scopes: string[]): Promise<string> =>
  (await api<CreatedAccessToken>(server.url, 'POST', '/api/me/access-tokens', { token: jwt, body: { name: 'probe', scopes } })).body.token;

beforeAll(async () => {
  server = await startServer();
  admin = await registerUser(server.url, 'admin'); // the first account is the instance admin
  [member, owner, victim] = (await Promise.all(['member', 'owner', 'victim'].map((p) => registerUser(server.url, p)))) as [Account, Account, Account];
  room = await createRoom(server.url, owner.accessToken, { name: 'owned', visibility: 'private' });
});
afterAll(async () => {
  await server?.close();
});

function requests() {
  return Object.entries(ADMIN_ROUTES).map(([route, probe]) => {
    const fill = (s: string) => s.replace(':user', victim.user.id).replace(':room', room.id);
    return {
      route,
      method: route.split(' ')[0]!,
      path: fill(probe.path),
      body: probe.body === undefined ? undefined : (JSON.parse(fill(JSON.stringify(probe.body))) as unknown),
    };
  });
}

/** Each request as `who`, expecting the same status and error code from every route. */
async function expectEverywhere(who: string | undefined, status: number, code: string) {
  for (const { route, method, path, body } of requests()) {
    const res = await api(server.url, method, path, { ...(who !== undefined && { token: who }), body });
    expect({ route, ...res }).toEqual({ route, status, body: errorBody(code) });
  }
}

describe('the admin console routes', () => {
  it('lists every registered /api/admin route in the table', () => {
    const registered = registeredRoutes(server.app).filter((r) => r.split(' ')[1]!.startsWith('/api/admin'));
    expect(registered.sort()).toEqual(Object.keys(ADMIN_ROUTES).sort());
  });

  it('answers 401 without a token', async () => {
    await expectEverywhere(undefined, 401, 'unauthenticated');
  });

  it('answers 404 not_found to a signed-in member, as if the console did not exist', async () => {
    await expectEverywhere(member.accessToken, 404, 'not_found');
  });

  it('answers 404 not_found to the owner of the very room named', async () => {
    await expectEverywhere(owner.accessToken, 404, 'not_found');
  });

  it("answers 404 not_found to a member's access tokens of either scope", async () => {
    await expectEverywhere(await token(member.accessToken, ['read']), 404, 'not_found');
    await expectEverywhere(await token(member.accessToken, ['read', 'write']), 404, 'not_found');
  });

  it("refuses an instance admin's access tokens, read or write, with 403 insufficient_scope", async () => {
    await expectEverywhere(await token(admin.accessToken, ['read']), 403, 'insufficient_scope');
    await expectEverywhere(await token(admin.accessToken, ['read', 'write']), 403, 'insufficient_scope');
  });

  it("answers the admin's own reads, so the refusals above were the access check", async () => {
    for (const { route, path } of requests().filter((r) => r.method === 'GET')) {
      expect({ route, status: (await api(server.url, 'GET', path, { token: admin.accessToken })).status }).toEqual({ route, status: 200 });
    }
  });

  it('left the user and the room untouched after every refused attempt', async () => {
    const me = await api<{ passwordChangeRequired: boolean }>(server.url, 'GET', '/api/me', { token: victim.accessToken });
    expect(me).toMatchObject({ status: 200, body: { passwordChangeRequired: false } });
    expect(await api(server.url, 'GET', `/api/rooms/${room.id}`, { token: owner.accessToken })).toMatchObject({ status: 200, body: { myRole: 'owner' } });
    expect(await api(server.url, 'GET', '/api/instance')).toMatchObject({ status: 200, body: { registration: 'open' } });
  });
});
