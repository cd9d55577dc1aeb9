import { randomUUID } from 'node:crypto';
import type { Invite, InviteList, MemberList, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers/api.js';
import { errorBody, invalidRequest, roomBody, userRef, type Account } from './helpers/bodies.js';
import { cast, events, join } from './helpers/cast.js';
import { startServer, type TestServer } from './helpers/start-server.js';

// Invites listed and revoked (and expiring), and the owner handing the room over.
let now = Date.now();
let server: TestServer;
beforeAll(async () => {
  // Access tokens outlive the clock jumps below, so only invites expire.
  server = await startServer({ auth: { accessTokenTtlSeconds: 86_400, refreshTokenTtlDays: 30 } }, { clock: () => now });
});
afterAll(async () => {
  await server.close();
});

const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) => api<T>(server.url, method, path, { token, body });
const invite = async (roomId: string, token: string, expiresInHours = 168) =>
  (await call<Invite>('POST', `/api/rooms/${roomId}/invites`, token, { expiresInHours })).body;
const listInvites = (roomId: string, token: string) => call<InviteList>('GET', `/api/rooms/${roomId}/invites`, token);
const summary = (i: Invite, by: Account) => ({ id: i.id, createdBy: userRef(by), createdAt: expect.any(String), expiresAt: i.expiresAt });
const roles = async (roomId: string, token: string) =>
  Object.fromEntries((await call<MemberList>('GET', `/api/rooms/${roomId}/members`, token)).body.members.map((m) => [m.user.id, m.role]));

describe('invites', () => {
  it('lists live invites to owners and admins, newest first, never with their codes', async () => {
    const { owner, admin, room } = await cast(server.url, 'private');
    const before = (await listInvites(room.id, owner.accessToken)).body.invites;
    now += 1;
    const first = await invite(room.id, owner.accessToken);
    now += 1;
    const second = await invite(room.id, admin.accessToken, 1);
    const listed = await listInvites(room.id, admin.accessToken);
    expect(listed).toEqual({ status: 200, body: { invites: [summary(second, admin), summary(first, owner), ...before] } });
    expect(JSON.stringify(listed.body)).not.toContain(first.code);
  });

  it('shows invites to members of no rank as insufficient_role, and a private room to outsiders as unknown', async () => {
    const { member, outsider, room } = await cast(server.url, 'private');
    expect(await listInvites(room.id, member.accessToken)).toEqual({ status: 403, body: errorBody('insufficient_role') });
    expect(await listInvites(room.id, outsider.accessToken)).toEqual({ status: 404, body: errorBody('room_not_found') });
  });

  it('refuses a revoked invite as if the room did not exist, and drops it from the list', async () => {
    const { owner, admin, outsider, room } = await cast(server.url, 'private');
    const revoked = await invite(room.id, owner.accessToken);
    const kept = await invite(room.id, owner.accessToken);
    expect(await call('DELETE', `/api/rooms/${room.id}/invites/${revoked.id}`, admin.accessToken)).toEqual({ status: 204, body: undefined });
    expect(await join(server.url, outsider.accessToken, room.id, { inviteCode: revoked.code })).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect((await listInvites(room.id, owner.accessToken)).body.invites.map((i) => i.id)).not.toContain(revoked.id);
    expect((await join(server.url, outsider.accessToken, room.id, { inviteCode: kept.code })).status).toBe(200);
  });

  it('will not revoke another room’s invite through this room, nor an unknown one', async () => {
    const a = await cast(server.url, 'private');
    const b = await cast(server.url, 'private');
    const theirs = await invite(b.room.id, b.owner.accessToken);
    // a.owner runs room A; the invite belongs to room B.
    expect(await call('DELETE', `/api/rooms/${a.room.id}/invites/${theirs.id}`, a.owner.accessToken)).toEqual({ status: 404, body: errorBody('invite_not_found') });
    expect(await call('DELETE', `/api/rooms/${a.room.id}/invites/${randomUUID()}`, a.owner.accessToken)).toEqual({ status: 404, body: errorBody('invite_not_found') });
    // And not through room B by someone who does not run it.
    expect(await call('DELETE', `/api/rooms/${b.room.id}/invites/${theirs.id}`, a.owner.accessToken)).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect(await call('DELETE', `/api/rooms/${b.room.id}/invites/${theirs.id}`, b.member.accessToken)).toEqual({ status: 403, body: errorBody('insufficient_role') });
    expect(await call('DELETE', `/api/rooms/${b.room.id}/invites/not-an-id`, b.owner.accessToken)).toEqual({ status: 400, body: invalidRequest('inviteId') });
    expect((await join(server.url, a.outsider.accessToken, b.room.id, { inviteCode: theirs.code })).status).toBe(200);
  });

  it('stops accepting and listing an invite once it expires', async () => {
    const { owner, outsider, room } = await cast(server.url, 'private');
    const hourLong = await invite(room.id, owner.accessToken, 1);
    now += 3_600_000 + 1;
    expect(await join(server.url, outsider.accessToken, room.id, { inviteCode: hourLong.code })).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect((await listInvites(room.id, owner.accessToken)).body.invites.map((i) => i.id)).not.toContain(hourLong.id);
  });

  it('caps an invite’s life at 30 days', async () => {
    const { owner, room } = await cast(server.url, 'private');
    expect((await call('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, { expiresInHours: 720 })).status).toBe(201);
    expect(await call('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, { expiresInHours: 721 })).toEqual({ status: 400, body: invalidRequest('expiresInHours') });
  });
});

describe('ownership transfer', () => {
  it('makes a member the owner and the old owner an admin, with room.owner-transferred', async () => {
    const { owner, admin, member, room } = await cast(server.url);
    const res = await call<Room>('POST', `/api/rooms/${room.id}/transfer`, owner.accessToken, { userId: member.user.id });
    expect(res).toEqual({ status: 200, body: roomBody({ id: room.id, name: 'Cast', lastSeq: 5, memberCount: 3, myRole: 'admin', lastReadSeq: 1 }) });
    expect(await roles(room.id, owner.accessToken)).toEqual({ [owner.user.id]: 'admin', [admin.user.id]: 'admin', [member.user.id]: 'owner' });
    expect((await events(server.url, owner.accessToken, room.id)).at(-1)).toEqual({ type: 'room.owner-transferred', from: userRef(owner), to: userRef(member) });
  });

  it.each([
    ['an admin transfers', 'admin', 'member', 403, 'insufficient_role'],
    ['a member transfers', 'member', 'admin', 403, 'insufficient_role'],
    ['a non-member transfers', 'outsider', 'member', 403, 'not_room_member'],
    ['the owner transfers to a non-member', 'owner', 'outsider', 404, 'member_not_found'],
    ['the owner transfers to an unknown user', 'owner', 'nobody', 404, 'member_not_found'],
    ['the owner transfers to themself', 'owner', 'owner', 400, 'invalid_request'],
  ] as const)('refuses when %s, and changes nothing', async (_, who, whom, status, code) => {
    const c = await cast(server.url);
    const target = whom === 'nobody' ? randomUUID() : c[whom].user.id;
    const [history, before] = [await events(server.url, c.owner.accessToken, c.room.id), await roles(c.room.id, c.owner.accessToken)];
    expect(await call('POST', `/api/rooms/${c.room.id}/transfer`, c[who].accessToken, { userId: target })).toEqual({ status, body: errorBody(code) });
    expect(await events(server.url, c.owner.accessToken, c.room.id)).toEqual(history);
    expect(await roles(c.room.id, c.owner.accessToken)).toEqual(before);
  });

  it('keeps the owner from leaving until they transfer, then lets them go', async () => {
    const { owner, admin, room } = await cast(server.url);
    const refused = await call('POST', `/api/rooms/${room.id}/leave`, owner.accessToken);
    expect(refused).toEqual({ status: 409, body: errorBody('owner_cannot_leave', expect.stringMatching(/transfer ownership.*or delete the room/)) });
    await call('POST', `/api/rooms/${room.id}/transfer`, owner.accessToken, { userId: admin.user.id });
    expect(await call('POST', `/api/rooms/${room.id}/leave`, owner.accessToken)).toEqual({ status: 204, body: undefined });
    expect(await roles(room.id, admin.accessToken)).not.toHaveProperty(owner.user.id);
  });

  it('protects the new owner from the old one: no kick, no ban, no demotion', async () => {
    const { owner, admin, room } = await cast(server.url);
    await call('POST', `/api/rooms/${room.id}/transfer`, owner.accessToken, { userId: admin.user.id });
    const t = owner.accessToken;
    expect(await call('DELETE', `/api/rooms/${room.id}/members/${admin.user.id}`, t)).toEqual({ status: 403, body: errorBody('cannot_modify_owner') });
    expect(await call('PUT', `/api/rooms/${room.id}/bans/${admin.user.id}`, t)).toEqual({ status: 403, body: errorBody('cannot_modify_owner') });
    expect(await call('POST', `/api/rooms/${room.id}/members/${admin.user.id}/role`, t, { role: 'member' })).toEqual({ status: 403, body: errorBody('cannot_modify_owner') });
    expect(await call('POST', `/api/rooms/${room.id}/transfer`, t, { userId: owner.user.id })).toEqual({ status: 403, body: errorBody('insufficient_role') });
    // The new owner can hand it back, and ban the old owner (now an admin).
    expect((await call('PUT', `/api/rooms/${room.id}/bans/${owner.user.id}`, admin.accessToken)).status).toBe(200);
  });
});
