import { randomUUID } from 'node:crypto';
import type { Attachment, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { errorBody, type Account } from './helpers/bodies.js';
import { registeredRoutes } from './helpers/routes.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { download, png, uploaded } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

// Every REST route, taken from the server's own route table so a new route fails here until it is
// classified: a non-member, a kicked and a banned member learn nothing about a private room that
// they would not learn about a room that does not exist. Frames: private-room-leak-frames.test.ts.
let server: TestServer;
let owner: Account;
let member: Account;
let kicked: Account;
let banned: Account;
let outsider: Account;
let room: Room;
let image: Attachment;
let inviteId: string;
let inviteCode: string;
let secretMessageId: string;
const SECRET = 'the launch code is 0000';

beforeAll(async () => {
  server = await startServer();
  // The first account is the instance admin, who may read every room's audit log: none of the probers.
  await registerUser(server.url, 'admin');
  [owner, member, kicked, banned, outsider] = (await Promise.all(
    ['owner', 'member', 'kicked', 'banned', 'outsider'].map((p) => registerUser(server.url, p)),
  )) as [Account, Account, Account, Account, Account];
  room = await createRoom(server.url, owner.accessToken, { name: 'Secret plans', visibility: 'private', description: SECRET });
  for (const who of [member, kicked, banned]) await joinPrivate(server.url, owner.accessToken, who.accessToken, room.id);
  image = await uploaded(server.url, owner.accessToken, await png(64, 48), 'secret-map.png');
  const socket = await connect(server.wsUrl, owner.accessToken);
  const sent = await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'secret', body: SECRET });
  if (sent.type !== 'message.acked') throw new Error(`setup failed: ${JSON.stringify(sent)}`);
  secretMessageId = sent.id;
  await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'map', kind: 'image', attachmentIds: [image.id] });
  await socket.close();
  const invite = await api<{ id: string; code: string }>(server.url, 'POST', `/api/rooms/${room.id}/invites`, { token: owner.accessToken, body: {} });
  [inviteId, inviteCode] = [invite.body.id, invite.body.code];
  const kick = await api(server.url, 'DELETE', `/api/rooms/${room.id}/members/${kicked.user.id}`, { token: owner.accessToken });
  const ban = await api(server.url, 'PUT', `/api/rooms/${room.id}/bans/${banned.user.id}`, { token: owner.accessToken, body: { reason: 'leaks' } });
  if (kick.status !== 204 || ban.status !== 200) throw new Error(`setup failed: kick ${kick.status}, ban ${ban.status}`);
});
afterAll(async () => {
  await server.close();
});

const PROBERS = ['a user who was never a member', 'a kicked member', 'a banned member'] as const;
type Prober = (typeof PROBERS)[number];
const prober = (who: Prober) => ({ 'a user who was never a member': outsider, 'a kicked member': kicked, 'a banned member': banned })[who];

/**
 * Every route under /api/rooms/:id, each with requests (a path after /api/rooms/:id, and a body) that
 * would succeed for the owner, so only the access check can refuse them. `:member`, `:owner`,
 * `:self` (the prober), `:banned`, `:invite` and `:code` stand for real ids.
 */
const ROOM_ROUTES: Record<string, Array<[string, unknown?]>> = {
  'GET /api/rooms/:id': [['']],
  'PATCH /api/rooms/:id': [['', { name: 'pwned' }], ['', { description: 'pwned' }]],
  'DELETE /api/rooms/:id': [['']],
  'POST /api/rooms/:id/join': [['/join'], ['/join', {}], ['/join', { inviteCode: 'guessed' }]],
  'POST /api/rooms/:id/leave': [['/leave']],
  'PUT /api/rooms/:id/read': [['/read', { seq: 1 }]],
  'PUT /api/rooms/:id/notifications': [['/notifications', { muted: true }]],
  'GET /api/rooms/:id/members': [['/members']],
  'DELETE /api/rooms/:id/members/:userId': [['/members/:member'], ['/members/:owner'], ['/members/:self']],
  'POST /api/rooms/:id/members/:userId/role': [['/members/:member/role', { role: 'admin' }], ['/members/:self/role', { role: 'admin' }]],
  'GET /api/rooms/:id/messages': [['/messages'], ['/messages?after=0&limit=100'], ['/messages?before=100']],
  'POST /api/rooms/:id/invites': [['/invites'], ['/invites', { expiresInHours: 1 }]],
  'GET /api/rooms/:id/invites': [['/invites']],
  'DELETE /api/rooms/:id/invites/:inviteId': [['/invites/:invite']],
  'GET /api/rooms/:id/bans': [['/bans']],
  'PUT /api/rooms/:id/bans/:userId': [['/bans/:member', { reason: 'x' }], ['/bans/:member']],
  'DELETE /api/rooms/:id/bans/:userId': [['/bans/:banned'], ['/bans/:self']],
  'POST /api/rooms/:id/transfer': [['/transfer', { userId: ':self' }], ['/transfer', { userId: ':member' }]],
  'GET /api/rooms/:id/audit': [['/audit'], ['/audit?limit=100']],
  'PUT /api/rooms/:id/messages/:messageId/reactions/:emoji': [['/messages/:message/reactions/%F0%9F%91%8D'], ['/messages/:message/reactions/%E2%9D%A4']],
  'DELETE /api/rooms/:id/messages/:messageId/reactions/:emoji': [['/messages/:message/reactions/%F0%9F%91%8D']],
  'PATCH /api/rooms/:id/messages/:messageId': [['/messages/:message', { body: 'pwned' }]],
  'DELETE /api/rooms/:id/messages/:messageId': [['/messages/:message']],
  'GET /api/rooms/:id/messages/:messageId/edits': [['/messages/:message/edits']],
  'GET /api/rooms/:id/pins': [['/pins']],
  'PUT /api/rooms/:id/pins/:messageId': [['/pins/:message']],
  'DELETE /api/rooms/:id/pins/:messageId': [['/pins/:message']],
  'GET /api/rooms/:id/webhooks': [['/webhooks']],
  'POST /api/rooms/:id/webhooks': [['/webhooks', { name: 'pwned' }]],
  'DELETE /api/rooms/:id/webhooks/:webhookId': [['/webhooks/00000000-0000-4000-8000-000000000000']],
};
/** Routes that name an attachment: probed with the private room's image. */
const ATTACHMENT_ROUTES = ['GET /api/attachments/:id', 'GET /api/attachments/:id/thumbnail'];
/** Routes that list or describe things across rooms: their answers must not mention the room. */
const LISTING_ROUTES = ['GET /api/rooms', 'GET /api/me', 'GET /api/me/sessions', 'GET /api/me/access-tokens', 'GET /api/admin/audit', 'GET /api/admin/users', 'GET /api/admin/rooms', 'GET /metrics', 'GET /api/search', 'GET /api/me/reactions/frequent', 'GET /api/admin/settings', 'GET /api/admin/stats'];
/** Routes that take no room, attachment or listing: nothing of a room can come out of them. */
const ROOMLESS_ROUTES = [
  'POST /api/auth/register', 'POST /api/auth/login', 'POST /api/auth/refresh', 'POST /api/auth/logout',
  'PATCH /api/me', 'PUT /api/me/avatar', 'DELETE /api/me/avatar', 'POST /api/me/sessions/revoke-all', 'DELETE /api/me/sessions/:id',
  'POST /api/me/access-tokens', 'DELETE /api/me/access-tokens/:id',
  'POST /api/uploads', 'GET /api/avatars/:hash', 'POST /api/rooms', 'GET /healthz', 'GET /readyz', 'GET /ws',
  // Takes people, not a room: it answers only a conversation the caller is one of (probed below).
  'POST /api/direct',
  // The secret in the URL names one webhook; no room id is taken from the caller (webhooks.test.ts).
  'POST /api/hooks/:webhookId/:secret',
  // The built web client's static files, when there is one.
  'GET /*',
  // A reset link's token names one account; no room is taken.
  'POST /api/auth/password-reset',
  // The admin console: everyone but an instance admin gets not_found (admin-permissions.test.ts).
  'PATCH /api/admin/users/:userId', 'POST /api/admin/users/:userId/password-reset', 'DELETE /api/admin/rooms/:id', 'POST /api/admin/rooms/:id/transfer',
  // Instance settings: a name, limits and modes, never a room (instance-settings.test.ts).
  'GET /api/instance', 'PATCH /api/admin/settings',
];

/** The concrete requests for one route, for `roomId`, as `actor`. */
function requestsFor(route: string, roomId: string, actor: Account) {
  const method = route.split(' ')[0]!;
  const ids: Record<string, string> = {
    member: member.user.id,
    owner: owner.user.id,
    self: actor.user.id,
    banned: banned.user.id,
    invite: inviteId,
    code: inviteCode,
    message: secretMessageId,
  };
  const fill = (s: string) => s.replace(/:(member|owner|self|banned|invite|code|message)\b/g, (_m, k: string) => ids[k]!);
  return (ROOM_ROUTES[route] ?? []).map(([suffix, body]) => ({
    method,
    url: `/api/rooms/${roomId}${fill(suffix)}`,
    body: body === undefined ? undefined : (JSON.parse(fill(JSON.stringify(body))) as unknown),
  }));
}

describe('the route table', () => {
  it('classifies every registered route, so a new one must be added to a leak probe', () => {
    const classified = new Set([...Object.keys(ROOM_ROUTES), ...ATTACHMENT_ROUTES, ...LISTING_ROUTES, ...ROOMLESS_ROUTES]);
    const unclassified = registeredRoutes(server.app).filter((r) => !classified.has(r));
    expect(unclassified).toEqual([]);
    expect(registeredRoutes(server.app).filter((r) => r.includes('/api/rooms/:id')).sort()).toEqual(Object.keys(ROOM_ROUTES).sort());
  });
});

describe('a private room over every REST route', () => {
  it.each(PROBERS)('answers %s on every room route exactly as for a room that does not exist', async (who) => {
    const actor = prober(who);
    const unknown = randomUUID();
    let tried = 0;
    for (const route of Object.keys(ROOM_ROUTES)) {
      const theRoom = requestsFor(route, room.id, actor);
      const noRoom = requestsFor(route, unknown, actor);
      for (const [i, req] of theRoom.entries()) {
        const what = `${req.method} ${req.url} ${JSON.stringify(req.body ?? null)}`;
        const res = await api(server.url, req.method, req.url, { token: actor.accessToken, body: req.body });
        const control = await api(server.url, noRoom[i]!.method, noRoom[i]!.url, { token: actor.accessToken, body: noRoom[i]!.body });
        expect({ what, ...res }).toEqual({ what, status: 404, body: errorBody('room_not_found') });
        expect({ what, ...res }).toEqual({ what, ...control });
        tried++;
      }
    }
    expect(tried).toBe(LEAK_PROBES_PER_PROBER);
  });

  it('refuses a banned member who holds a valid invite exactly as for a room that does not exist', async () => {
    const res = await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: banned.accessToken, body: { inviteCode } });
    const control = await api(server.url, 'POST', `/api/rooms/${randomUUID()}/join`, { token: banned.accessToken, body: { inviteCode } });
    expect(res).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect(res).toEqual(control);
  });

  it.each(PROBERS)("refuses %s the room's image and thumbnail exactly as an unknown attachment", async (who) => {
    const actor = prober(who);
    for (const route of ATTACHMENT_ROUTES) {
      const path = (id: string) => route.split(' ')[1]!.replace(':id', id);
      const res = await api(server.url, 'GET', path(image.id), { token: actor.accessToken });
      const control = await api(server.url, 'GET', path(randomUUID()), { token: actor.accessToken });
      expect({ route, ...res }).toEqual({ route, status: 404, body: errorBody('attachment_not_found') });
      expect({ route, ...res }).toEqual({ route, ...control });
    }
  });

  it.each(PROBERS)('never mentions the room in a listing to %s', async (who) => {
    const actor = prober(who);
    for (const route of LISTING_ROUTES) {
      const path = route.split(' ')[1]!;
      const res = await fetch(`${server.url}${path}${route.includes('admin') ? `?roomId=${room.id}` : ''}`, { headers: { authorization: `Bearer ${actor.accessToken}` } });
      const text = await res.text();
      for (const secret of [room.id, 'Secret plans', SECRET, image.id, inviteId]) expect({ route, leaked: text.includes(secret) }).toEqual({ route, leaked: false });
    }
  });

  it.each(PROBERS)("finds nothing of the room for %s in search, and answers its roomId as an unknown room's", async (who) => {
    const actor = prober(who);
    for (const q of ['launch code', 'Secret', 'the']) {
      const res = await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${actor.accessToken}` } });
      const text = await res.text();
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
      for (const secret of [room.id, 'Secret plans', SECRET]) expect({ q, leaked: text.includes(secret) }).toEqual({ q, leaked: false });
    }
    const res = await api(server.url, 'GET', `/api/search?q=launch&roomId=${room.id}`, { token: actor.accessToken });
    const control = await api(server.url, 'GET', `/api/search?q=launch&roomId=${randomUUID()}`, { token: actor.accessToken });
    expect(res).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect(res).toEqual(control);
    // The owner's own search does find it, so the probe above could have failed.
    const own = await api<{ results: Array<{ snippet: string }> }>(server.url, 'GET', '/api/search?q=launch%20code', { token: owner.accessToken });
    expect(own.body.results.map((r) => r.snippet)).toEqual([SECRET]);
  });

  it('still holds the room as it was for its owner after all those attempts', async () => {
    const got = await api<Room>(server.url, 'GET', `/api/rooms/${room.id}`, { token: owner.accessToken });
    expect(got.body).toMatchObject({ name: 'Secret plans', description: SECRET, memberCount: 2, myRole: 'owner', muted: false });
    // A PNG always gets a thumbnail, so thumbnailUrl is set.
    for (const path of [image.url, image.thumbnailUrl!]) expect((await download(server.url, path, member.accessToken)).status).toBe(200);
  });
});

/** Requests each prober makes over the room routes (the tables above, counted once here). */
const LEAK_PROBES_PER_PROBER = Object.values(ROOM_ROUTES).reduce((n, probes) => n + probes.length, 0);

describe('a direct conversation over every REST route', () => {
  const DM_SECRET = 'meet me at the old mill';
  const DM_PROBERS = [...PROBERS, 'a person who left the conversation'] as const;
  let dm: Room;
  let leaver: Account;
  const dmProber = (who: (typeof DM_PROBERS)[number]) => (who === 'a person who left the conversation' ? leaver : prober(who));

  beforeAll(async () => {
    // The owner and the member of the private room are its people, so `:owner` and `:member` name real members.
    leaver = await registerUser(server.url, 'leaver');
    const started = await api<Room>(server.url, 'POST', '/api/direct', { token: owner.accessToken, body: { userIds: [member.user.id, leaver.user.id] } });
    dm = started.body;
    const socket = await connect(server.wsUrl, owner.accessToken);
    await socket.request({ type: 'message.send', roomId: dm.id, clientMsgId: 'dm-secret', body: DM_SECRET });
    await socket.close();
    const left = await api(server.url, 'POST', `/api/rooms/${dm.id}/leave`, { token: leaver.accessToken });
    if (started.status !== 201 || left.status !== 204) throw new Error(`setup failed: start ${started.status}, leave ${left.status}`);
  });

  it.each(DM_PROBERS)('answers %s on every room route exactly as for a room that does not exist', async (who) => {
    const actor = dmProber(who);
    let tried = 0;
    for (const route of Object.keys(ROOM_ROUTES)) {
      const theRoom = requestsFor(route, dm.id, actor);
      const noRoom = requestsFor(route, randomUUID(), actor);
      for (const [i, req] of theRoom.entries()) {
        const what = `${req.method} ${req.url} ${JSON.stringify(req.body ?? null)}`;
        const res = await api(server.url, req.method, req.url, { token: actor.accessToken, body: req.body });
        const control = await api(server.url, noRoom[i]!.method, noRoom[i]!.url, { token: actor.accessToken, body: noRoom[i]!.body });
        expect({ what, ...res }).toEqual({ what, status: 404, body: errorBody('room_not_found') });
        expect({ what, ...res }).toEqual({ what, ...control });
        tried++;
      }
    }
    expect(tried).toBe(LEAK_PROBES_PER_PROBER);
  });

  it.each(DM_PROBERS)('never mentions the conversation to %s in a listing or a search', async (who) => {
    const actor = dmProber(who);
    for (const path of [...LISTING_ROUTES.map((r) => r.split(' ')[1]!), '/api/search?q=old%20mill', '/api/search?q=meet']) {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${actor.accessToken}` } });
      const text = await res.text();
      for (const secret of [dm.id, DM_SECRET]) expect({ path, leaked: text.includes(secret) }).toEqual({ path, leaked: false });
    }
    const res = await api(server.url, 'GET', `/api/search?q=mill&roomId=${dm.id}`, { token: actor.accessToken });
    expect(res).toEqual({ status: 404, body: errorBody('room_not_found') });
    // Its people do find it, so the probes above could have failed.
    const own = await api<{ results: Array<{ snippet: string }> }>(server.url, 'GET', '/api/search?q=old%20mill', { token: member.accessToken });
    expect(own.body.results.map((r) => r.snippet)).toEqual([DM_SECRET]);
  });
});
