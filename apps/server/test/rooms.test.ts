import type { MemberList, Room, RoomList } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { errorBody, roomBody, userRef } from './helpers/bodies.js';
import { cast, events, history, join } from './helpers/cast.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

// Rooms themselves and who may change them; joining, leaving and kicking are in room-membership.test.ts.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) =>
  api<T>(server.url, method, path, { token, body });

describe('creating and listing rooms', () => {
  it('creates a public room with the creator as owner and a room.created message at seq 1', async () => {
    const owner = await registerUser(server.url, 'owner');
    const res = await call<Room>('POST', '/api/rooms', owner.accessToken, { name: '  General ' });
    expect(res).toEqual({ status: 201, body: roomBody({ name: 'General', lastSeq: 1, memberCount: 1, myRole: 'owner', lastReadSeq: 1 }) });
    expect(await history(server.url, owner.accessToken, res.body.id)).toEqual([
      {
        id: expect.any(String),
        roomId: res.body.id,
        seq: 1,
        kind: 'system',
        body: expect.any(String),
        event: { type: 'room.created', by: userRef(owner) },
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
      roomBody({ id: alicePrivate.id, name: 'alice-only', visibility: 'private', lastSeq: 1, memberCount: 1, myRole: 'owner', lastReadSeq: 1 }),
      roomBody({ id: pub.id, name: 'pub', lastSeq: 1, memberCount: 1, myRole: 'owner', lastReadSeq: 1 }),
    ]);
    expect(await listed(bob.accessToken)).toEqual([
      roomBody({ id: bobPrivate.id, name: 'bob-only', visibility: 'private', lastSeq: 1, memberCount: 1, myRole: 'owner', lastReadSeq: 1 }),
      roomBody({ id: pub.id, name: 'pub', lastSeq: 1, memberCount: 1, myRole: null }),
    ]);
  });

  it('counts members and online members in the listing', async () => {
    const alice = await registerUser(server.url, 'alice');
    const bob = await registerUser(server.url, 'bob');
    const room = await createRoom(server.url, alice.accessToken, { name: 'counted' });
    await join(server.url, bob.accessToken, room.id);
    const socket = await connect(server.wsUrl, alice.accessToken);
    const listing = (await call<RoomList>('GET', '/api/rooms', bob.accessToken)).body.rooms.find((r) => r.id === room.id);
    expect(listing).toEqual(roomBody({ id: room.id, name: 'counted', lastSeq: 2, memberCount: 2, onlineCount: 1, myRole: 'member', lastReadSeq: 2 }));
    await socket.close();
  });
});

describe('editing and deleting a room', () => {
  it('lets the owner and an admin edit, recording only what changed', async () => {
    const { owner, admin, room } = await cast(server.url);
    const byOwner = await call<Room>('PATCH', `/api/rooms/${room.id}`, owner.accessToken, { name: 'Renamed' });
    expect(byOwner).toEqual({ status: 200, body: roomBody({ id: room.id, name: 'Renamed', lastSeq: 5, memberCount: 3, myRole: 'owner', lastReadSeq: 1 }) });
    const byAdmin = await call<Room>('PATCH', `/api/rooms/${room.id}`, admin.accessToken, { name: 'Renamed', description: 'About' });
    expect(byAdmin).toEqual({
      status: 200,
      body: roomBody({ id: room.id, name: 'Renamed', description: 'About', lastSeq: 6, memberCount: 3, myRole: 'admin', lastReadSeq: 2 }),
    });
    const unchanged = await call<Room>('PATCH', `/api/rooms/${room.id}`, admin.accessToken, { description: 'About' });
    expect(unchanged.body.lastSeq).toBe(6);
    expect((await events(server.url, owner.accessToken, room.id)).slice(4)).toEqual([
      { type: 'room.updated', by: userRef(owner), name: 'Renamed' },
      { type: 'room.updated', by: userRef(admin), description: 'About' },
    ]);
  });

  it('refuses an edit that changes nothing at all', async () => {
    const { owner, room } = await cast(server.url);
    const res = await call('PATCH', `/api/rooms/${room.id}`, owner.accessToken, {});
    expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('body') } } });
  });

  it('refuses edits by a member (insufficient_role) and by a non-member (not_room_member)', async () => {
    const { owner, member, outsider, room } = await cast(server.url);
    expect(await call('PATCH', `/api/rooms/${room.id}`, member.accessToken, { name: 'mine' })).toEqual({
      status: 403,
      body: errorBody('insufficient_role'),
    });
    expect(await call('PATCH', `/api/rooms/${room.id}`, outsider.accessToken, { name: 'mine' })).toEqual({
      status: 403,
      body: errorBody('not_room_member'),
    });
    expect((await call<Room>('GET', `/api/rooms/${room.id}`, owner.accessToken)).body).toEqual(
      roomBody({ id: room.id, name: 'Cast', lastSeq: 4, memberCount: 3, myRole: 'owner', lastReadSeq: 1 }),
    );
  });

  it('lets only the owner delete', async () => {
    const { owner, admin, member, outsider, room } = await cast(server.url);
    for (const a of [admin, member]) {
      expect(await call('DELETE', `/api/rooms/${room.id}`, a.accessToken)).toEqual({ status: 403, body: errorBody('insufficient_role') });
    }
    expect(await call('DELETE', `/api/rooms/${room.id}`, outsider.accessToken)).toEqual({ status: 403, body: errorBody('not_room_member') });
    expect((await call('GET', `/api/rooms/${room.id}`, owner.accessToken)).status).toBe(200);
  });

  it('makes a deleted room 404 on every route for everyone, the owner included', async () => {
    const { owner, admin, member, outsider, room } = await cast(server.url);
    expect(await call('DELETE', `/api/rooms/${room.id}`, owner.accessToken)).toEqual({ status: 204, body: undefined });
    const notFound = { status: 404, body: errorBody('room_not_found') };
    for (const a of [owner, admin, member, outsider]) {
      const t = a.accessToken;
      expect(await call('GET', `/api/rooms/${room.id}`, t)).toEqual(notFound);
      expect(await call('PATCH', `/api/rooms/${room.id}`, t, { name: 'back' })).toEqual(notFound);
      expect(await call('DELETE', `/api/rooms/${room.id}`, t)).toEqual(notFound);
      expect(await join(server.url, t, room.id)).toEqual(notFound);
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
    const { owner, member, room } = await cast(server.url);
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
      event: { type: 'room.deleted', by: userRef(owner) },
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
    const { owner, member, room } = await cast(server.url);
    const url = `/api/rooms/${room.id}/members/${member.user.id}/role`;
    const promoted = await call('POST', url, owner.accessToken, { role: 'admin' });
    expect(promoted).toEqual({ status: 200, body: { user: userRef(member), role: 'admin', joinedAt: expect.any(String), online: false, statusText: '' } });
    expect((await call('POST', url, owner.accessToken, { role: 'admin' })).body).toEqual(promoted.body);
    const demoted = await call('POST', url, owner.accessToken, { role: 'member' });
    expect(demoted).toEqual({ status: 200, body: { ...promoted.body as object, role: 'member' } });
    expect((await events(server.url, owner.accessToken, room.id)).slice(4)).toEqual([
      { type: 'member.role-changed', user: userRef(member), by: userRef(owner), role: 'admin' },
      { type: 'member.role-changed', user: userRef(member), by: userRef(owner), role: 'member' },
    ]);
  });

  it('refuses role changes by an admin or a member', async () => {
    const { owner, admin, member, room } = await cast(server.url);
    expect(await call('POST', `/api/rooms/${room.id}/members/${member.user.id}/role`, admin.accessToken, { role: 'admin' })).toEqual({
      status: 403,
      body: errorBody('insufficient_role'),
    });
    expect(await call('POST', `/api/rooms/${room.id}/members/${admin.user.id}/role`, member.accessToken, { role: 'member' })).toEqual({
      status: 403,
      body: errorBody('insufficient_role'),
    });
    expect(await call('POST', `/api/rooms/${room.id}/members/${admin.user.id}/role`, admin.accessToken, { role: 'member' })).toEqual({
      status: 403,
      body: errorBody('insufficient_role'),
    });
    const roles = (await call<MemberList>('GET', `/api/rooms/${room.id}/members`, owner.accessToken)).body.members.map((m) => [m.user.id, m.role] as const);
    expect(new Map(roles)).toEqual(new Map([[owner.user.id, 'owner'], [admin.user.id, 'admin'], [member.user.id, 'member']]));
  });

  it("never changes the owner's role, not even by the owner", async () => {
    const { owner, admin, room } = await cast(server.url);
    const url = `/api/rooms/${room.id}/members/${owner.user.id}/role`;
    expect(await call('POST', url, owner.accessToken, { role: 'member' })).toEqual({ status: 403, body: errorBody('cannot_modify_owner') });
    expect(await call('POST', url, admin.accessToken, { role: 'member' })).toEqual({ status: 403, body: errorBody('cannot_modify_owner') });
    expect((await call<Room>('GET', `/api/rooms/${room.id}`, owner.accessToken)).body.myRole).toBe('owner');
  });

  it('refuses to make anyone owner, and to change the role of a non-member', async () => {
    const { owner, member, outsider, room } = await cast(server.url);
    expect(await call('POST', `/api/rooms/${room.id}/members/${member.user.id}/role`, owner.accessToken, { role: 'owner' })).toEqual({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.stringContaining('body.role') } },
    });
    expect(await call('POST', `/api/rooms/${room.id}/members/${outsider.user.id}/role`, owner.accessToken, { role: 'admin' })).toEqual({
      status: 404,
      body: errorBody('member_not_found'),
    });
  });

  it('refuses role changes by a non-member of a public room', async () => {
    const { member, outsider, room } = await cast(server.url);
    expect(await call('POST', `/api/rooms/${room.id}/members/${member.user.id}/role`, outsider.accessToken, { role: 'admin' })).toEqual({
      status: 403,
      body: errorBody('not_room_member'),
    });
  });
});
