import { randomUUID } from 'node:crypto';
import type { Ban, BanList, Invite, MemberList } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers/api.js';
import { errorBody, invalidRequest, roomBody, userRef, type Account } from './helpers/bodies.js';
import { cast, events, join } from './helpers/cast.js';
import { startServer, type TestServer } from './helpers/start-server.js';

// Bans over REST: who may ban whom, what a ban leaves behind, and that a banned user stays out.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) => api<T>(server.url, method, path, { token, body });
const ban = (roomId: string, userId: string, token: string, body?: unknown) => call<Ban>('PUT', `/api/rooms/${roomId}/bans/${userId}`, token, body);
const listBans = (roomId: string, token: string) => call<BanList>('GET', `/api/rooms/${roomId}/bans`, token);
const memberIds = async (roomId: string, token: string) =>
  (await call<MemberList>('GET', `/api/rooms/${roomId}/members`, token)).body.members.map((m) => m.user.id).sort();
const banBody = (user: Account, by: Account, reason: string | null) => ({ user: userRef(user), by: userRef(by), at: expect.any(String), reason });

describe('banning', () => {
  it('lets the owner ban an admin and a member, removing each with member.banned', async () => {
    const { owner, admin, member, room } = await cast(server.url);
    expect(await ban(room.id, admin.user.id, owner.accessToken, { reason: '  spam links  ' })).toEqual({ status: 200, body: banBody(admin, owner, 'spam links') });
    expect(await ban(room.id, member.user.id, owner.accessToken)).toEqual({ status: 200, body: banBody(member, owner, null) });
    expect((await events(server.url, owner.accessToken, room.id)).slice(4)).toEqual([
      { type: 'member.banned', user: userRef(admin), by: userRef(owner) },
      { type: 'member.banned', user: userRef(member), by: userRef(owner) },
    ]);
    expect(await memberIds(room.id, owner.accessToken)).toEqual([owner.user.id]);
    const listed = await listBans(room.id, owner.accessToken);
    expect(listed).toEqual({ status: 200, body: { bans: [banBody(member, owner, null), banBody(admin, owner, 'spam links')] } });
  });

  it('lets an admin ban a plain member, and a non-member without writing to the room', async () => {
    const { owner, admin, member, outsider, room } = await cast(server.url);
    expect((await ban(room.id, member.user.id, admin.accessToken)).status).toBe(200);
    const before = await events(server.url, owner.accessToken, room.id);
    expect(before.at(-1)).toEqual({ type: 'member.banned', user: userRef(member), by: userRef(admin) });
    expect(await ban(room.id, outsider.user.id, admin.accessToken, { reason: '预防' })).toEqual({ status: 200, body: banBody(outsider, admin, '预防') });
    expect(await events(server.url, owner.accessToken, room.id)).toEqual(before);
    expect(await join(server.url, outsider.accessToken, room.id)).toEqual({ status: 403, body: errorBody('banned_from_room') });
  });

  it.each([
    ['a member bans a member', 'member', 'member2', 403, 'insufficient_role'],
    ['a member bans the owner', 'member', 'owner', 403, 'insufficient_role'],
    ['an admin bans another admin', 'admin', 'admin2', 403, 'insufficient_role'],
    ['an admin bans the owner', 'admin', 'owner', 403, 'cannot_modify_owner'],
    ['the owner bans themself', 'owner', 'owner', 403, 'cannot_modify_owner'],
    ['a non-member bans a member', 'outsider', 'member', 403, 'not_room_member'],
    ['the owner bans an unknown user', 'owner', 'nobody', 404, 'user_not_found'],
  ] as const)('refuses when %s, and changes nothing', async (_, who, whom, status, code) => {
    const c = await cast(server.url);
    const [member2, admin2] = [c.member, c.admin];
    // A second member and a second admin, so "member bans member" and "admin bans admin" have distinct targets.
    const extra = await cast(server.url);
    for (const a of [extra.member, extra.admin]) expect((await join(server.url, a.accessToken, c.room.id)).status).toBe(200);
    await call('POST', `/api/rooms/${c.room.id}/members/${extra.admin.user.id}/role`, c.owner.accessToken, { role: 'admin' });
    const actors = { owner: c.owner, admin: admin2, member: member2, outsider: c.outsider };
    const targets: Record<string, string> = {
      owner: c.owner.user.id, member: c.member.user.id, member2: extra.member.user.id, admin2: extra.admin.user.id, nobody: randomUUID(),
    };
    const history = await events(server.url, c.owner.accessToken, c.room.id);
    const members = await memberIds(c.room.id, c.owner.accessToken);
    expect(await ban(c.room.id, targets[whom]!, actors[who].accessToken, { reason: 'x' })).toEqual({ status, body: errorBody(code) });
    expect(await events(server.url, c.owner.accessToken, c.room.id)).toEqual(history);
    expect(await memberIds(c.room.id, c.owner.accessToken)).toEqual(members);
    expect(await listBans(c.room.id, c.owner.accessToken)).toEqual({ status: 200, body: { bans: [] } });
  });

  it('keeps the first ban when banning twice, with one member.banned', async () => {
    const { owner, admin, member, room } = await cast(server.url);
    const first = await ban(room.id, member.user.id, owner.accessToken, { reason: 'first' });
    expect(await ban(room.id, member.user.id, admin.accessToken, { reason: 'second' })).toEqual(first);
    expect((await events(server.url, owner.accessToken, room.id)).filter((e) => e?.type === 'member.banned')).toHaveLength(1);
  });

  it('takes reasons of up to 200 code points and refuses longer ones', async () => {
    const { owner, member, outsider, room } = await cast(server.url);
    const longest = '禁'.repeat(200);
    expect(await ban(room.id, member.user.id, owner.accessToken, { reason: longest })).toEqual({ status: 200, body: banBody(member, owner, longest) });
    expect(await ban(room.id, outsider.user.id, owner.accessToken, { reason: `${longest}!` })).toEqual({ status: 400, body: invalidRequest('reason') });
    expect(await ban(room.id, outsider.user.id, owner.accessToken, { reason: 'x', extra: 1 })).toEqual({ status: 400, body: invalidRequest('body') });
    expect((await listBans(room.id, owner.accessToken)).body.bans).toHaveLength(1);
  });

  it('shows the ban list to owners and admins only', async () => {
    const pub = await cast(server.url);
    expect(await listBans(pub.room.id, pub.admin.accessToken)).toEqual({ status: 200, body: { bans: [] } });
    expect(await listBans(pub.room.id, pub.member.accessToken)).toEqual({ status: 403, body: errorBody('insufficient_role') });
    expect(await listBans(pub.room.id, pub.outsider.accessToken)).toEqual({ status: 403, body: errorBody('not_room_member') });
    const priv = await cast(server.url, 'private');
    expect(await listBans(priv.room.id, priv.outsider.accessToken)).toEqual({ status: 404, body: errorBody('room_not_found') });
  });
});

describe('a banned user', () => {
  it('cannot rejoin a public room, with or without a valid invite', async () => {
    const { owner, member, room } = await cast(server.url);
    await ban(room.id, member.user.id, owner.accessToken);
    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, {});
    expect(await join(server.url, member.accessToken, room.id)).toEqual({ status: 403, body: errorBody('banned_from_room') });
    expect(await join(server.url, member.accessToken, room.id, { inviteCode: invite.body.code })).toEqual({ status: 403, body: errorBody('banned_from_room') });
    expect(await memberIds(room.id, owner.accessToken)).not.toContain(member.user.id);
  });

  it('gets the unknown-room answer from a private room, even with a valid invite', async () => {
    const { owner, member, room } = await cast(server.url, 'private');
    await ban(room.id, member.user.id, owner.accessToken);
    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, {});
    const unknown = await join(server.url, member.accessToken, randomUUID(), { inviteCode: invite.body.code });
    expect(unknown).toEqual({ status: 404, body: errorBody('room_not_found') });
    const refused = await join(server.url, member.accessToken, room.id, { inviteCode: invite.body.code });
    expect(refused).toEqual(unknown);
    expect(await call('GET', `/api/rooms/${room.id}`, member.accessToken)).toEqual(unknown);
    expect(await call('GET', `/api/rooms/${room.id}/messages`, member.accessToken)).toEqual(unknown);
  });

  it('may join again once unbanned, and is not put back by the unban itself', async () => {
    const { owner, admin, member, room } = await cast(server.url);
    await ban(room.id, member.user.id, owner.accessToken);
    expect(await call('DELETE', `/api/rooms/${room.id}/bans/${member.user.id}`, admin.accessToken)).toEqual({ status: 204, body: undefined });
    expect(await memberIds(room.id, owner.accessToken)).not.toContain(member.user.id);
    expect(await listBans(room.id, owner.accessToken)).toEqual({ status: 200, body: { bans: [] } });
    expect(await join(server.url, member.accessToken, room.id)).toEqual({
      status: 200,
      body: roomBody({ id: room.id, name: 'Cast', lastSeq: 6, memberCount: 3, myRole: 'member', lastReadSeq: 6 }),
    });
    expect((await events(server.url, owner.accessToken, room.id)).at(-1)).toEqual({ type: 'member.joined', user: userRef(member) });
  });

  it.each([
    ['a member', 'member', 403, 'insufficient_role'],
    ['a non-member', 'outsider', 403, 'not_room_member'],
  ] as const)('cannot be unbanned by %s', async (_, who, status, code) => {
    const c = await cast(server.url);
    await ban(c.room.id, c.admin.user.id, c.owner.accessToken);
    expect(await call('DELETE', `/api/rooms/${c.room.id}/bans/${c.admin.user.id}`, c[who].accessToken)).toEqual({ status, body: errorBody(code) });
    expect((await listBans(c.room.id, c.owner.accessToken)).body.bans).toHaveLength(1);
  });

  it('answers ban_not_found when lifting a ban that does not exist', async () => {
    const { owner, member, room } = await cast(server.url);
    expect(await call('DELETE', `/api/rooms/${room.id}/bans/${member.user.id}`, owner.accessToken)).toEqual({ status: 404, body: errorBody('ban_not_found') });
  });
});
