import type { AuthSession, HistoryPage, Invite, MemberList, Room, RoomList, SystemEvent, UserRef } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { settle } from './helpers/settle.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

type Account = AuthSession & { password: string };

const error = (code: string) => ({ error: { code, message: expect.any(String) } });
const ref = (a: Account): UserRef => ({ id: a.user.id, username: a.user.username, displayName: a.user.displayName });
const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) =>
  api<T>(server.url, method, path, { token, body });

const roomBody = (room: Partial<Room>) => ({
  id: expect.any(String),
  description: '',
  visibility: 'public',
  createdAt: expect.any(String),
  onlineCount: 0,
  ...room,
});

/** Every stored message of a room, oldest first, as the owner sees it. */
async function history(token: string, roomId: string) {
  const res = await call<HistoryPage>('GET', `/api/rooms/${roomId}/messages?after=0&limit=100`, token);
  expect(res.status).toBe(200);
  return res.body.messages;
}
async function events(token: string, roomId: string): Promise<Array<SystemEvent | null>> {
  return (await history(token, roomId)).map((m) => m.event);
}

async function join(token: string, roomId: string, body: unknown = {}) {
  return call<Room>('POST', `/api/rooms/${roomId}/join`, token, body);
}

/** A room with an owner, an admin and a plain member, plus an outsider who never joined. */
async function cast(visibility: 'public' | 'private' = 'public') {
  const [owner, admin, member, outsider] = await Promise.all(
    ['owner', 'admin', 'member', 'outsider'].map((p) => registerUser(server.url, p)),
  ) as [Account, Account, Account, Account];
  const room = await createRoom(server.url, owner.accessToken, { name: 'Cast', visibility });
  for (const a of [admin, member]) {
    if (visibility === 'public') expect((await join(a.accessToken, room.id)).status).toBe(200);
    else await joinPrivate(server.url, owner.accessToken, a.accessToken, room.id);
  }
  const promoted = await call('POST', `/api/rooms/${room.id}/members/${admin.user.id}/role`, owner.accessToken, { role: 'admin' });
  expect(promoted.status).toBe(200);
  return { owner, admin, member, outsider, room };
}

describe('creating and listing rooms', () => {
  it('creates a public room with the creator as owner and a room.created message at seq 1', async () => {
    const owner = await registerUser(server.url, 'owner');
    const res = await call<Room>('POST', '/api/rooms', owner.accessToken, { name: '  General ' });
    expect(res).toEqual({ status: 201, body: roomBody({ name: 'General', lastSeq: 1, memberCount: 1, myRole: 'owner' }) });
    expect(await history(owner.accessToken, res.body.id)).toEqual([
      {
        id: expect.any(String),
        roomId: res.body.id,
        seq: 1,
        kind: 'system',
        body: expect.any(String),
        event: { type: 'room.created', by: ref(owner) },
        sender: null,
        clientMsgId: null,
        createdAt: expect.any(String),
      },
    ]);
  });

  it.each([
    ['an empty name', { name: '' }, 'body.name'],
    ['a blank name', { name: '   ' }, 'body.name'],
    ['an 81-character name', { name: 'n'.repeat(81) }, 'body.name'],
    ['an unknown visibility', { name: 'x', visibility: 'secret' }, 'body.visibility'],
    ['a 501-character description', { name: 'x', description: 'd'.repeat(501) }, 'body.description'],
  ])('refuses %s, naming the field', async (_what, body, field) => {
    const owner = await registerUser(server.url, 'owner');
    const res = await call('POST', '/api/rooms', owner.accessToken, body);
    expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining(field) } } });
  });

  it('lists public rooms and the caller’s own private rooms, never someone else’s private room', async () => {
    const alice = await registerUser(server.url, 'alice');
    const bob = await registerUser(server.url, 'bob');
    const pub = await createRoom(server.url, alice.accessToken, { name: 'pub' });
    const alicePrivate = await createRoom(server.url, alice.accessToken, { name: 'alice-only', visibility: 'private' });
    const bobPrivate = await createRoom(server.url, bob.accessToken, { name: 'bob-only', visibility: 'private' });
    const ids = [pub.id, alicePrivate.id, bobPrivate.id];
    const listed = async (token: string) =>
      (await call<RoomList>('GET', '/api/rooms', token)).body.rooms.filter((r) => ids.includes(r.id));

    expect(await listed(alice.accessToken)).toEqual([
      roomBody({ id: alicePrivate.id, name: 'alice-only', visibility: 'private', lastSeq: 1, memberCount: 1, myRole: 'owner' }),
      roomBody({ id: pub.id, name: 'pub', lastSeq: 1, memberCount: 1, myRole: 'owner' }),
    ]);
    expect(await listed(bob.accessToken)).toEqual([
      roomBody({ id: bobPrivate.id, name: 'bob-only', visibility: 'private', lastSeq: 1, memberCount: 1, myRole: 'owner' }),
      roomBody({ id: pub.id, name: 'pub', lastSeq: 1, memberCount: 1, myRole: null }),
    ]);
  });

  it('counts members and online members in the listing', async () => {
    const alice = await registerUser(server.url, 'alice');
    const bob = await registerUser(server.url, 'bob');
    const room = await createRoom(server.url, alice.accessToken, { name: 'counted' });
    await join(bob.accessToken, room.id);
    const socket = await connect(server.wsUrl, alice.accessToken);
    const listing = (await call<RoomList>('GET', '/api/rooms', bob.accessToken)).body.rooms.find((r) => r.id === room.id);
    expect(listing).toEqual(roomBody({ id: room.id, name: 'counted', lastSeq: 2, memberCount: 2, onlineCount: 1, myRole: 'member' }));
    await socket.close();
  });
});

describe('joining and leaving', () => {
  it('joins a public room as a member and records member.joined', async () => {
    const owner = await registerUser(server.url, 'owner');
    const joiner = await registerUser(server.url, 'joiner');
    const room = await createRoom(server.url, owner.accessToken, { name: 'open' });
    const res = await join(joiner.accessToken, room.id);
    expect(res).toEqual({ status: 200, body: roomBody({ id: room.id, name: 'open', lastSeq: 2, memberCount: 2, myRole: 'member' }) });
    expect(await events(owner.accessToken, room.id)).toEqual([
      { type: 'room.created', by: ref(owner) },
      { type: 'member.joined', user: ref(joiner) },
    ]);
  });

  it('joins a public room when the request has no body at all', async () => {
    const owner = await registerUser(server.url, 'owner');
    const joiner = await registerUser(server.url, 'joiner');
    const room = await createRoom(server.url, owner.accessToken, { name: 'bodiless' });
    const res = await call<Room>('POST', `/api/rooms/${room.id}/join`, joiner.accessToken);
    expect(res).toEqual({ status: 200, body: roomBody({ id: room.id, name: 'bodiless', lastSeq: 2, memberCount: 2, myRole: 'member' }) });
  });

  it('treats joining twice as a no-op', async () => {
    const owner = await registerUser(server.url, 'owner');
    const joiner = await registerUser(server.url, 'joiner');
    const room = await createRoom(server.url, owner.accessToken, { name: 'twice' });
    const first = await join(joiner.accessToken, room.id);
    const second = await join(joiner.accessToken, room.id);
    expect(second).toEqual(first);
    const again = await join(owner.accessToken, room.id);
    expect(again).toEqual({ status: 200, body: roomBody({ id: room.id, name: 'twice', lastSeq: 2, memberCount: 2, myRole: 'owner' }) });
    expect(await events(owner.accessToken, room.id)).toHaveLength(2);
  });

  it('lets only a valid invite for this very room into a private room', async () => {
    const owner = await registerUser(server.url, 'owner');
    const joiner = await registerUser(server.url, 'joiner');
    const room = await createRoom(server.url, owner.accessToken, { name: 'hidden', visibility: 'private' });
    const other = await createRoom(server.url, owner.accessToken, { name: 'other', visibility: 'private' });
    const otherInvite = await call<Invite>('POST', `/api/rooms/${other.id}/invites`, owner.accessToken, {});

    expect(await join(joiner.accessToken, room.id)).toEqual({ status: 404, body: error('room_not_found') });
    expect(await join(joiner.accessToken, room.id, { inviteCode: 'guess' })).toEqual({ status: 404, body: error('room_not_found') });
    expect(await join(joiner.accessToken, room.id, { inviteCode: otherInvite.body.code })).toEqual({
      status: 404,
      body: error('room_not_found'),
    });

    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, { expiresInHours: 1 });
    expect(invite).toEqual({ status: 201, body: { roomId: room.id, code: expect.any(String), expiresAt: expect.any(String) } });
    expect(Math.abs(Date.parse(invite.body.expiresAt) - Date.now() - 3_600_000)).toBeLessThan(60_000);
    const res = await join(joiner.accessToken, room.id, { inviteCode: invite.body.code });
    expect(res).toEqual({
      status: 200,
      body: roomBody({ id: room.id, name: 'hidden', visibility: 'private', lastSeq: 2, memberCount: 2, myRole: 'member' }),
    });
  });

  it('creates a week-long invite when the request has no body at all', async () => {
    const { owner, room } = await cast('private');
    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken);
    expect(invite).toEqual({ status: 201, body: { roomId: room.id, code: expect.any(String), expiresAt: expect.any(String) } });
    expect(Math.abs(Date.parse(invite.body.expiresAt) - Date.now() - 168 * 3_600_000)).toBeLessThan(60_000);
  });

  it('refuses invites from a member (insufficient_role) and from a non-member (not_room_member)', async () => {
    const { member, outsider, room } = await cast();
    expect(await call('POST', `/api/rooms/${room.id}/invites`, member.accessToken, {})).toEqual({ status: 403, body: error('insufficient_role') });
    expect(await call('POST', `/api/rooms/${room.id}/invites`, outsider.accessToken, {})).toEqual({ status: 403, body: error('not_room_member') });
  });

  it('lets an admin create invites', async () => {
    const { admin, room } = await cast('private');
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
      expect(await joinWithInvite(late)).toEqual({ status: 404, body: error('room_not_found') });
    } finally {
      await timed.close();
    }
  });

  it('keeps the owner from leaving', async () => {
    const { owner, room } = await cast();
    expect(await call('POST', `/api/rooms/${room.id}/leave`, owner.accessToken)).toEqual({ status: 409, body: error('owner_cannot_leave') });
    expect((await call<Room>('GET', `/api/rooms/${room.id}`, owner.accessToken)).body.myRole).toBe('owner');
  });

  it('lets a member leave once, recording member.left', async () => {
    const { owner, member, room } = await cast();
    expect(await call('POST', `/api/rooms/${room.id}/leave`, member.accessToken)).toEqual({ status: 204, body: undefined });
    expect((await events(owner.accessToken, room.id)).at(-1)).toEqual({ type: 'member.left', user: ref(member) });
    expect((await call<Room>('GET', `/api/rooms/${room.id}`, member.accessToken)).body).toEqual(
      roomBody({ id: room.id, name: 'Cast', lastSeq: 5, memberCount: 2, myRole: null }),
    );
    expect(await call('POST', `/api/rooms/${room.id}/leave`, member.accessToken)).toEqual({ status: 403, body: error('not_room_member') });
  });

  it('ends a leaving member’s subscription after the member.left message', async () => {
    const { owner, member, room } = await cast();
    const leaver = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    const watcher = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
    await leaver.next('room.subscribed');
    await watcher.next('room.subscribed');

    await call('POST', `/api/rooms/${room.id}/leave`, member.accessToken);
    const left = await leaver.next('message.created');
    expect(left.message.event).toEqual({ type: 'member.left', user: ref(member) });
    expect(await leaver.next('room.unsubscribed')).toEqual({ type: 'room.unsubscribed', roomId: room.id, reason: 'left' });
    const seen = leaver.frames.length;

    const ack = await watcher.request({ type: 'message.send', roomId: room.id, clientMsgId: 'after-leave', body: 'still here?' });
    expect(ack.type).toBe('message.acked');
    await settle(leaver);
    expect(leaver.frames.slice(seen)).toEqual([{ type: 'session.pong', ref: expect.any(String) }]);
    await Promise.all([leaver.close(), watcher.close()]);
  });
});

describe('editing and deleting a room', () => {
  it('lets the owner and an admin edit, recording only what changed', async () => {
    const { owner, admin, room } = await cast();
    const byOwner = await call<Room>('PATCH', `/api/rooms/${room.id}`, owner.accessToken, { name: 'Renamed' });
    expect(byOwner).toEqual({ status: 200, body: roomBody({ id: room.id, name: 'Renamed', lastSeq: 5, memberCount: 3, myRole: 'owner' }) });
    const byAdmin = await call<Room>('PATCH', `/api/rooms/${room.id}`, admin.accessToken, { name: 'Renamed', description: 'About' });
    expect(byAdmin).toEqual({
      status: 200,
      body: roomBody({ id: room.id, name: 'Renamed', description: 'About', lastSeq: 6, memberCount: 3, myRole: 'admin' }),
    });
    const unchanged = await call<Room>('PATCH', `/api/rooms/${room.id}`, admin.accessToken, { description: 'About' });
    expect(unchanged.body.lastSeq).toBe(6);
    expect((await events(owner.accessToken, room.id)).slice(4)).toEqual([
      { type: 'room.updated', by: ref(owner), name: 'Renamed' },
      { type: 'room.updated', by: ref(admin), description: 'About' },
    ]);
  });

  it('refuses an edit that changes nothing at all', async () => {
    const { owner, room } = await cast();
    const res = await call('PATCH', `/api/rooms/${room.id}`, owner.accessToken, {});
    expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('body') } } });
  });

  it('refuses edits by a member (insufficient_role) and by a non-member (not_room_member)', async () => {
    const { owner, member, outsider, room } = await cast();
    expect(await call('PATCH', `/api/rooms/${room.id}`, member.accessToken, { name: 'mine' })).toEqual({
      status: 403,
      body: error('insufficient_role'),
    });
    expect(await call('PATCH', `/api/rooms/${room.id}`, outsider.accessToken, { name: 'mine' })).toEqual({
      status: 403,
      body: error('not_room_member'),
    });
    expect((await call<Room>('GET', `/api/rooms/${room.id}`, owner.accessToken)).body).toEqual(
      roomBody({ id: room.id, name: 'Cast', lastSeq: 4, memberCount: 3, myRole: 'owner' }),
    );
  });

  it('lets only the owner delete', async () => {
    const { owner, admin, member, outsider, room } = await cast();
    for (const a of [admin, member]) {
      expect(await call('DELETE', `/api/rooms/${room.id}`, a.accessToken)).toEqual({ status: 403, body: error('insufficient_role') });
    }
    expect(await call('DELETE', `/api/rooms/${room.id}`, outsider.accessToken)).toEqual({ status: 403, body: error('not_room_member') });
    expect((await call('GET', `/api/rooms/${room.id}`, owner.accessToken)).status).toBe(200);
  });

  it('makes a deleted room 404 on every route for everyone, the owner included', async () => {
    const { owner, admin, member, outsider, room } = await cast();
    expect(await call('DELETE', `/api/rooms/${room.id}`, owner.accessToken)).toEqual({ status: 204, body: undefined });
    const notFound = { status: 404, body: error('room_not_found') };
    for (const a of [owner, admin, member, outsider]) {
      const t = a.accessToken;
      expect(await call('GET', `/api/rooms/${room.id}`, t)).toEqual(notFound);
      expect(await call('PATCH', `/api/rooms/${room.id}`, t, { name: 'back' })).toEqual(notFound);
      expect(await call('DELETE', `/api/rooms/${room.id}`, t)).toEqual(notFound);
      expect(await join(t, room.id)).toEqual(notFound);
      expect(await call('POST', `/api/rooms/${room.id}/leave`, t)).toEqual(notFound);
      expect(await call('GET', `/api/rooms/${room.id}/members`, t)).toEqual(notFound);
      expect(await call('POST', `/api/rooms/${room.id}/invites`, t, {})).toEqual(notFound);
      expect(await call('GET', `/api/rooms/${room.id}/messages`, t)).toEqual(notFound);
      expect(await call('POST', `/api/rooms/${room.id}/members/${member.user.id}/role`, t, { role: 'admin' })).toEqual(notFound);
      expect(await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, t)).toEqual(notFound);
      const listed = (await call<RoomList>('GET', '/api/rooms', t)).body.rooms.map((r) => r.id);
      expect(listed).not.toContain(room.id);
    }
  });

  it('tells subscribed members the room was deleted and stops their stream and their sends', async () => {
    const { owner, member, room } = await cast();
    const socket = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    await socket.next('room.subscribed');
    await call('DELETE', `/api/rooms/${room.id}`, owner.accessToken);
    const deleted = await socket.next('message.created');
    expect(deleted.message).toEqual({
      id: expect.any(String),
      roomId: room.id,
      seq: 5,
      kind: 'system',
      body: expect.any(String),
      event: { type: 'room.deleted', by: ref(owner) },
      sender: null,
      clientMsgId: null,
      createdAt: expect.any(String),
    });
    expect(await socket.next('room.unsubscribed')).toEqual({ type: 'room.unsubscribed', roomId: room.id, reason: 'deleted' });
    const send = await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'late', body: 'hello?' });
    expect(send).toEqual({ type: 'error', ref: expect.any(String), code: 'room_not_found', message: expect.any(String) });
    await socket.close();
  });
});

describe('roles', () => {
  it('lets the owner promote and demote, recording member.role-changed only for real changes', async () => {
    const { owner, member, room } = await cast();
    const url = `/api/rooms/${room.id}/members/${member.user.id}/role`;
    const promoted = await call('POST', url, owner.accessToken, { role: 'admin' });
    expect(promoted).toEqual({ status: 200, body: { user: ref(member), role: 'admin', joinedAt: expect.any(String), online: false } });
    expect((await call('POST', url, owner.accessToken, { role: 'admin' })).body).toEqual(promoted.body);
    const demoted = await call('POST', url, owner.accessToken, { role: 'member' });
    expect(demoted).toEqual({ status: 200, body: { ...promoted.body as object, role: 'member' } });
    expect((await events(owner.accessToken, room.id)).slice(4)).toEqual([
      { type: 'member.role-changed', user: ref(member), by: ref(owner), role: 'admin' },
      { type: 'member.role-changed', user: ref(member), by: ref(owner), role: 'member' },
    ]);
  });

  it('refuses role changes by an admin or a member', async () => {
    const { owner, admin, member, room } = await cast();
    expect(await call('POST', `/api/rooms/${room.id}/members/${member.user.id}/role`, admin.accessToken, { role: 'admin' })).toEqual({
      status: 403,
      body: error('insufficient_role'),
    });
    expect(await call('POST', `/api/rooms/${room.id}/members/${admin.user.id}/role`, member.accessToken, { role: 'member' })).toEqual({
      status: 403,
      body: error('insufficient_role'),
    });
    expect(await call('POST', `/api/rooms/${room.id}/members/${admin.user.id}/role`, admin.accessToken, { role: 'member' })).toEqual({
      status: 403,
      body: error('insufficient_role'),
    });
    const roles = (await call<MemberList>('GET', `/api/rooms/${room.id}/members`, owner.accessToken)).body.members.map((m) => [m.user.id, m.role] as const);
    expect(new Map(roles)).toEqual(new Map([[owner.user.id, 'owner'], [admin.user.id, 'admin'], [member.user.id, 'member']]));
  });

  it("never changes the owner's role, not even by the owner", async () => {
    const { owner, admin, room } = await cast();
    const url = `/api/rooms/${room.id}/members/${owner.user.id}/role`;
    expect(await call('POST', url, owner.accessToken, { role: 'member' })).toEqual({ status: 403, body: error('cannot_modify_owner') });
    expect(await call('POST', url, admin.accessToken, { role: 'member' })).toEqual({ status: 403, body: error('cannot_modify_owner') });
    expect((await call<Room>('GET', `/api/rooms/${room.id}`, owner.accessToken)).body.myRole).toBe('owner');
  });

  it('refuses to make anyone owner, and to change the role of a non-member', async () => {
    const { owner, member, outsider, room } = await cast();
    expect(await call('POST', `/api/rooms/${room.id}/members/${member.user.id}/role`, owner.accessToken, { role: 'owner' })).toEqual({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.stringContaining('body.role') } },
    });
    expect(await call('POST', `/api/rooms/${room.id}/members/${outsider.user.id}/role`, owner.accessToken, { role: 'admin' })).toEqual({
      status: 404,
      body: error('member_not_found'),
    });
  });

  it('refuses role changes by a non-member of a public room', async () => {
    const { member, outsider, room } = await cast();
    expect(await call('POST', `/api/rooms/${room.id}/members/${member.user.id}/role`, outsider.accessToken, { role: 'admin' })).toEqual({
      status: 403,
      body: error('not_room_member'),
    });
  });
});

describe('kicking', () => {
  it('lets the owner kick an admin and a member, recording member.kicked', async () => {
    const { owner, admin, member, room } = await cast();
    for (const a of [admin, member]) {
      expect(await call('DELETE', `/api/rooms/${room.id}/members/${a.user.id}`, owner.accessToken)).toEqual({ status: 204, body: undefined });
    }
    expect((await events(owner.accessToken, room.id)).slice(4)).toEqual([
      { type: 'member.kicked', user: ref(admin), by: ref(owner) },
      { type: 'member.kicked', user: ref(member), by: ref(owner) },
    ]);
    const members = await call<MemberList>('GET', `/api/rooms/${room.id}/members`, owner.accessToken);
    expect(members).toEqual({ status: 200, body: { members: [{ user: ref(owner), role: 'owner', joinedAt: expect.any(String), online: false }] } });
  });

  it('lets an admin kick a plain member', async () => {
    const { owner, admin, member, room } = await cast();
    expect(await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, admin.accessToken)).toEqual({ status: 204, body: undefined });
    expect((await events(owner.accessToken, room.id)).at(-1)).toEqual({ type: 'member.kicked', user: ref(member), by: ref(admin) });
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
    const c = await cast();
    const admin2 = await registerUser(server.url, 'admin2');
    const member2 = await registerUser(server.url, 'member2');
    await join(admin2.accessToken, c.room.id);
    await join(member2.accessToken, c.room.id);
    await call('POST', `/api/rooms/${c.room.id}/members/${admin2.user.id}/role`, c.owner.accessToken, { role: 'admin' });
    const people: Record<string, Account> = { owner: c.owner, admin: c.admin, member: c.member, outsider: c.outsider, admin2, member2 };
    const before = (await call<MemberList>('GET', `/api/rooms/${c.room.id}/members`, c.owner.accessToken)).body;

    const res = await call('DELETE', `/api/rooms/${c.room.id}/members/${people[targetName]!.user.id}`, people[actorName]!.accessToken);
    expect(res).toEqual({ status, body: error(code) });
    expect((await call<MemberList>('GET', `/api/rooms/${c.room.id}/members`, c.owner.accessToken)).body).toEqual(before);
  });

  it('ends a kicked member’s subscription after member.kicked, and sends nothing of the room after it', async () => {
    const { owner, member, admin, room } = await cast();
    const kicked = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    const ownerSocket = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
    const watcher = await connect(server.wsUrl, admin.accessToken, [{ roomId: room.id }]);
    await Promise.all([kicked.next('room.subscribed'), ownerSocket.next('room.subscribed'), watcher.next('room.subscribed')]);

    await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, owner.accessToken);
    const kick = await kicked.next('message.created');
    expect(kick.message.event).toEqual({ type: 'member.kicked', user: ref(member), by: ref(owner) });
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
    const { owner, admin, member, room } = await cast();
    await call('DELETE', `/api/rooms/${room.id}/members/${admin.user.id}`, owner.accessToken);
    const t = admin.accessToken;
    expect(await call('PATCH', `/api/rooms/${room.id}`, t, { name: 'coup' })).toEqual({ status: 403, body: error('not_room_member') });
    expect(await call('POST', `/api/rooms/${room.id}/invites`, t, {})).toEqual({ status: 403, body: error('not_room_member') });
    expect(await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, t)).toEqual({ status: 403, body: error('not_room_member') });
    expect(await call('POST', `/api/rooms/${room.id}/leave`, t)).toEqual({ status: 403, body: error('not_room_member') });
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
    const { owner, member, room } = await cast('private');
    await call('DELETE', `/api/rooms/${room.id}/members/${member.user.id}`, owner.accessToken);
    expect(await join(member.accessToken, room.id)).toEqual({ status: 404, body: error('room_not_found') });
    expect(await join(member.accessToken, room.id, { inviteCode: 'made-up' })).toEqual({ status: 404, body: error('room_not_found') });
    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, {});
    const back = await join(member.accessToken, room.id, { inviteCode: invite.body.code });
    expect(back).toEqual({
      status: 200,
      body: roomBody({ id: room.id, name: 'Cast', visibility: 'private', lastSeq: 6, memberCount: 3, myRole: 'member' }),
    });
  });
});
