import type { Invite, MemberList, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { errorBody, roomBody, userRef, type Account } from './helpers/bodies.js';
import { cast, events, join } from './helpers/cast.js';
import { settle } from './helpers/settle.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

// Who is in a room: joining, invites, leaving and kicking, and what a socket hears when it ends.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) =>
  api<T>(server.url, method, path, { token, body });

describe('joining and leaving', () => {
  it('joins a public room as a member and records member.joined', async () => {
    const owner = await registerUser(server.url, 'owner');
    const joiner = await registerUser(server.url, 'joiner');
    const room = await createRoom(server.url, owner.accessToken, { name: 'open' });
    const res = await join(server.url, joiner.accessToken, room.id);
    expect(res).toEqual({ status: 200, body: roomBody({ id: room.id, name: 'open', lastSeq: 2, memberCount: 2, myRole: 'member', lastReadSeq: 2 }) });
    expect(await events(server.url, owner.accessToken, room.id)).toEqual([
      { type: 'room.created', by: userRef(owner) },
      { type: 'member.joined', user: userRef(joiner) },
    ]);
  });

  it('joins a public room when the request has no body at all', async () => {
    const owner = await registerUser(server.url, 'owner');
    const joiner = await registerUser(server.url, 'joiner');
    const room = await createRoom(server.url, owner.accessToken, { name: 'bodiless' });
    const res = await call<Room>('POST', `/api/rooms/${room.id}/join`, joiner.accessToken);
    expect(res).toEqual({ status: 200, body: roomBody({ id: room.id, name: 'bodiless', lastSeq: 2, memberCount: 2, myRole: 'member', lastReadSeq: 2 }) });
  });

  it('treats joining twice as a no-op', async () => {
    const owner = await registerUser(server.url, 'owner');
    const joiner = await registerUser(server.url, 'joiner');
    const room = await createRoom(server.url, owner.accessToken, { name: 'twice' });
    const first = await join(server.url, joiner.accessToken, room.id);
    const second = await join(server.url, joiner.accessToken, room.id);
    expect(second).toEqual(first);
    const again = await join(server.url, owner.accessToken, room.id);
    expect(again).toEqual({ status: 200, body: roomBody({ id: room.id, name: 'twice', lastSeq: 2, memberCount: 2, myRole: 'owner', lastReadSeq: 1 }) });
    expect(await events(server.url, owner.accessToken, room.id)).toHaveLength(2);
  });

  it('lets only a valid invite for this very room into a private room', async () => {
    const owner = await registerUser(server.url, 'owner');
    const joiner = await registerUser(server.url, 'joiner');
    const room = await createRoom(server.url, owner.accessToken, { name: 'hidden', visibility: 'private' });
    const other = await createRoom(server.url, owner.accessToken, { name: 'other', visibility: 'private' });
    const otherInvite = await call<Invite>('POST', `/api/rooms/${other.id}/invites`, owner.accessToken, {});

    expect(await join(server.url, joiner.accessToken, room.id)).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect(await join(server.url, joiner.accessToken, room.id, { inviteCode: 'guess' })).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect(await join(server.url, joiner.accessToken, room.id, { inviteCode: otherInvite.body.code })).toEqual({
      status: 404,
      body: errorBody('room_not_found'),
    });

    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, { expiresInHours: 1 });
    expect(invite).toEqual({ status: 201, body: { id: expect.any(String), roomId: room.id, code: expect.any(String), expiresAt: expect.any(String) } });
    expect(Math.abs(Date.parse(invite.body.expiresAt) - Date.now() - 3_600_000)).toBeLessThan(60_000);
    const res = await join(server.url, joiner.accessToken, room.id, { inviteCode: invite.body.code });
    expect(res).toEqual({
      status: 200,
      body: roomBody({ id: room.id, name: 'hidden', visibility: 'private', lastSeq: 2, memberCount: 2, myRole: 'member', lastReadSeq: 2 }),
    });
  });

  it('creates a week-long invite when the request has no body at all', async () => {
    const { owner, room } = await cast(server.url, 'private');
    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken);
    expect(invite).toEqual({ status: 201, body: { id: expect.any(String), roomId: room.id, code: expect.any(String), expiresAt: expect.any(String) } });
    expect(Math.abs(Date.parse(invite.body.expiresAt) - Date.now() - 168 * 3_600_000)).toBeLessThan(60_000);
  });

  it('refuses invites from a member (insufficient_role) and from a non-member (not_room_member)', async () => {
    const { member, outsider, room } = await cast(server.url);
    expect(await call('POST', `/api/rooms/${room.id}/invites`, member.accessToken, {})).toEqual({ status: 403, body: errorBody('insufficient_role') });
    expect(await call('POST', `/api/rooms/${room.id}/invites`, outsider.accessToken, {})).toEqual({ status: 403, body: errorBody('not_room_member') });
  });

  it('lets an admin create invites', async () => {
    const { admin, room } = await cast(server.url, 'private');
    expect((await call('POST', `/api/rooms/${room.id}/invites`, admin.accessToken, { expiresInHours: 720 })).status).toBe(201);
  });

  it('refuses an expired invite exactly like a wrong one', async () => {
    let now = Date.now();
    // Access tokens live a day here, so only the invite expires during the test.
    const timed = await startServer({ auth: { accessTokenTtlSeconds: 86_400 } }, { clock: () => now });
    try {
      const [owner, early, late] = (await Promise.all(['owner', 'early', 'late'].map((p) => registerUser(timed.url, p)))) as [Account, Account, Account];
      const hidden = await createRoom(timed.url, owner.accessToken, { name: 'hidden', visibility: 'private' });
      const invite = await api<Invite>(timed.url, 'POST', `/api/rooms/${hidden.id}/invites`, { token: owner.accessToken, body: { expiresInHours: 1 } });
      const joinWithInvite = (a: Account) =>
        api(timed.url, 'POST', `/api/rooms/${hidden.id}/join`, { token: a.accessToken, body: { inviteCode: invite.body.code } });
      now += 3_599_000;
      expect((await joinWithInvite(early)).status).toBe(200);
      now += 2_000;
      expect(await joinWithInvite(late)).toEqual({ status: 404, body: errorBody('room_not_found') });
    } finally {
      await timed.close();
    }
  });

  it('keeps the owner from leaving', async () => {
    const { owner, room } = await cast(server.url);
    expect(await call('POST', `/api/rooms/${room.id}/leave`, owner.accessToken)).toEqual({ status: 409, body: errorBody('owner_cannot_leave') });
    expect((await call<Room>('GET', `/api/rooms/${room.id}`, owner.accessToken)).body.myRole).toBe('owner');
  });

  it('lets a member leave once, recording member.left', async () => {
    const { owner, member, room } = await cast(server.url);
    expect(await call('POST', `/api/rooms/${room.id}/leave`, member.accessToken)).toEqual({ status: 204, body: undefined });
    expect((await events(server.url, owner.accessToken, room.id)).at(-1)).toEqual({ type: 'member.left', user: userRef(member) });
    expect((await call<Room>('GET', `/api/rooms/${room.id}`, member.accessToken)).body).toEqual(
      roomBody({ id: room.id, name: 'Cast', lastSeq: 5, memberCount: 2, myRole: null }),
    );
    expect(await call('POST', `/api/rooms/${room.id}/leave`, member.accessToken)).toEqual({ status: 403, body: errorBody('not_room_member') });
  });

  it('ends a leaving member’s subscription after the member.left message', async () => {
    const { owner, member, room } = await cast(server.url);
    const leaver = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    const watcher = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
    await leaver.next('room.subscribed');
    await watcher.next('room.subscribed');

    await call('POST', `/api/rooms/${room.id}/leave`, member.accessToken);
    const left = await leaver.next('message.created');
    expect(left.message.event).toEqual({ type: 'member.left', user: userRef(member) });
    expect(await leaver.next('room.unsubscribed')).toEqual({ type: 'room.unsubscribed', roomId: room.id, reason: 'left' });
    const seen = leaver.frames.length;

    const ack = await watcher.request({ type: 'message.send', roomId: room.id, clientMsgId: 'after-leave', body: 'still here?' });
    expect(ack.type).toBe('message.acked');
    await settle(leaver);
    expect(leaver.frames.slice(seen)).toEqual([{ type: 'session.pong', ref: expect.any(String) }]);
    await Promise.all([leaver.close(), watcher.close()]);
  });
});

describe('kicking', () => {
  it('lets the owner kick an admin and a member, recording member.kicked', async () => {
    const { owner, admin, member, room } = await cast(server.url);
    for (const a of [admin, member]) {
      expect(await call('DELETE', `/api/rooms/${room.id}/members/${a.user.id}`, owner.accessToken)).toEqual({ status: 204, body: undefined });
    }
    expect((await events(server.url, owner.accessToken, room.id)).slice(4)).toEqual([
      { type: 'member.kicked', user: userRef(admin), by: userRef(owner) },
      { type: 'member.kicked', user: userRef(member), by: userRef(owner) },
    ]);
    const members = await call<MemberList>('GET', `/api/rooms/${room.id}/members`, owner.accessToken);
    expect(members).toEqual({ status: 200, body: { members: [{ user: userRef(owner), role: 'owner', joinedAt: expect.any(String), online: false, statusText: '' }] } });
  });

  it('lets an admin kick a plain member', async () => {
    const { owner, admin, member, room } = await cast(server.url);
    expect(await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, admin.accessToken)).toEqual({ status: 204, body: undefined });
    expect((await events(server.url, owner.accessToken, room.id)).at(-1)).toEqual({ type: 'member.kicked', user: userRef(member), by: userRef(admin) });
  });

  it.each([
    ['an admin kicks another admin', 'admin', 'admin2', 'insufficient_role', 403],
    ['an admin kicks the owner', 'admin', 'owner', 'cannot_modify_owner', 403],
    ['the owner kicks themself', 'owner', 'owner', 'cannot_modify_owner', 403],
    ['a member kicks a member', 'member', 'member2', 'insufficient_role', 403],
    ['a member kicks the owner', 'member', 'owner', 'insufficient_role', 403],
    ['a non-member kicks a member', 'outsider', 'member', 'not_room_member', 403],
    ['the owner kicks a non-member', 'owner', 'outsider', 'member_not_found', 404],
  ] as const)('refuses when %s', async (_what, actorName, targetName, code, status) => {
    const c = await cast(server.url);
    const admin2 = await registerUser(server.url, 'admin2');
    const member2 = await registerUser(server.url, 'member2');
    await join(server.url, admin2.accessToken, c.room.id);
    await join(server.url, member2.accessToken, c.room.id);
    await call('POST', `/api/rooms/${c.room.id}/members/${admin2.user.id}/role`, c.owner.accessToken, { role: 'admin' });
    const people: Record<string, Account> = { owner: c.owner, admin: c.admin, member: c.member, outsider: c.outsider, admin2, member2 };
    const before = (await call<MemberList>('GET', `/api/rooms/${c.room.id}/members`, c.owner.accessToken)).body;

    const res = await call('DELETE', `/api/rooms/${c.room.id}/members/${people[targetName]!.user.id}`, people[actorName]!.accessToken);
    expect(res).toEqual({ status, body: errorBody(code) });
    expect((await call<MemberList>('GET', `/api/rooms/${c.room.id}/members`, c.owner.accessToken)).body).toEqual(before);
  });

  it('ends a kicked member’s subscription after member.kicked, and sends nothing of the room after it', async () => {
    const { owner, member, admin, room } = await cast(server.url);
    const kicked = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    const ownerSocket = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
    const watcher = await connect(server.wsUrl, admin.accessToken, [{ roomId: room.id }]);
    await Promise.all([kicked.next('room.subscribed'), ownerSocket.next('room.subscribed'), watcher.next('room.subscribed')]);

    await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, owner.accessToken);
    const kick = await kicked.next('message.created');
    expect(kick.message.event).toEqual({ type: 'member.kicked', user: userRef(member), by: userRef(owner) });
    expect(await kicked.next('room.unsubscribed')).toEqual({ type: 'room.unsubscribed', roomId: room.id, reason: 'kicked' });
    const seen = kicked.frames.length;

    // The room goes on: a message, typing and a presence change, each seen by a member who stayed.
    await watcher.next('presence.updated', (f) => f.offline.includes(member.user.id));
    await ownerSocket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'after-kick', body: 'gone?' });
    await watcher.next('message.created', (f) => f.message.clientMsgId === 'after-kick');
    ownerSocket.send({ type: 'typing.start', roomId: room.id });
    await watcher.next('typing.updated', (f) => f.user.id === owner.user.id);
    await settle(kicked);
    expect(kicked.frames.slice(seen)).toEqual([{ type: 'session.pong', ref: expect.any(String) }]);
    await Promise.all([kicked.close(), ownerSocket.close(), watcher.close()]);
  });

  it('takes an admin’s powers away once kicked', async () => {
    const { owner, admin, member, room } = await cast(server.url);
    await call('DELETE', `/api/rooms/${room.id}/members/${admin.user.id}`, owner.accessToken);
    const t = admin.accessToken;
    expect(await call('PATCH', `/api/rooms/${room.id}`, t, { name: 'coup' })).toEqual({ status: 403, body: errorBody('not_room_member') });
    expect(await call('POST', `/api/rooms/${room.id}/invites`, t, {})).toEqual({ status: 403, body: errorBody('not_room_member') });
    expect(await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, t)).toEqual({ status: 403, body: errorBody('not_room_member') });
    expect(await call('POST', `/api/rooms/${room.id}/leave`, t)).toEqual({ status: 403, body: errorBody('not_room_member') });
    const socket = await connect(server.wsUrl, t);
    expect(await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'k1', body: 'hi' })).toEqual({
      type: 'error',
      ref: expect.any(String),
      code: 'not_room_member',
      message: expect.any(String),
    });
    await socket.close();
  });

  it('lets a kicked member back into a private room only with a valid invite', async () => {
    const { owner, member, room } = await cast(server.url, 'private');
    await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, owner.accessToken);
    expect(await join(server.url, member.accessToken, room.id)).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect(await join(server.url, member.accessToken, room.id, { inviteCode: 'made-up' })).toEqual({ status: 404, body: errorBody('room_not_found') });
    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, {});
    const back = await join(server.url, member.accessToken, room.id, { inviteCode: invite.body.code });
    expect(back).toEqual({
      status: 200,
      body: roomBody({ id: room.id, name: 'Cast', visibility: 'private', lastSeq: 6, memberCount: 3, myRole: 'member', lastReadSeq: 6 }),
    });
  });
});
