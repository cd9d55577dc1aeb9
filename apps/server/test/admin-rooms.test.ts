import type { AdminRoom, AdminRoomsPage, AuditPage, MemberList, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { errorBody, userRef, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { download, png, uploaded } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

let server: TestServer;
let admin: Account;
let owner: Account;
let member: Account;
const SECRET = 'the vault combination is 1234';

beforeAll(async () => {
  server = await startServer();
  admin = await registerUser(server.url, 'admin'); // the first account is the instance admin
  [owner, member] = await Promise.all([registerUser(server.url, 'owner'), registerUser(server.url, 'member')]);
});
afterAll(async () => {
  await server?.close();
});

const call = <T = unknown>(method: string, path: string, body?: unknown, token = admin.accessToken) => api<T>(server.url, method, path, { token, body });
const listRooms = (query = '') => call<AdminRoomsPage>('GET', `/api/admin/rooms?${query}`);

/** A private room of owner's with member in it and one message from each. */
async function privateRoom(name: string): Promise<Room> {
  const room = await createRoom(server.url, owner.accessToken, { name, visibility: 'private', description: 'members only' });
  await joinPrivate(server.url, owner.accessToken, member.accessToken, room.id);
  const socket = await connect(server.wsUrl, owner.accessToken);
  await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'm1', body: SECRET });
  await socket.close();
  return room;
}

describe('the admin room list', () => {
  it("shows a private room's metadata and counts, never a message", async () => {
    const room = await privateRoom('Vault');
    const res = await listRooms(`q=vault`);
    const listed: AdminRoom = {
      id: room.id,
      name: 'Vault',
      description: 'members only',
      visibility: 'private',
      type: 'room',
      owner: userRef(owner),
      memberCount: 2,
      // room.created, member.joined and the message
      messageCount: 3,
      lastMessageAt: expect.any(String) as string,
      createdAt: room.createdAt,
    };
    expect(res).toEqual({ status: 200, body: { rooms: [listed], nextCursor: null } });
    expect(JSON.stringify((await listRooms('type=all&limit=100')).body)).not.toContain(SECRET);
  });

  it('lists the most recently active room first and pages through every room once', async () => {
    const rooms = [];
    for (const name of ['quiet-1', 'quiet-2', 'quiet-3']) rooms.push(await createRoom(server.url, owner.accessToken, { name }));
    const socket = await connect(server.wsUrl, owner.accessToken);
    await socket.request({ type: 'message.send', roomId: rooms[0]!.id, clientMsgId: 'wake', body: 'awake' });
    await socket.close();
    const all = (await listRooms('limit=100')).body.rooms;
    expect(all[0]?.id).toBe(rooms[0]!.id);
    const stamps = all.map((r) => Date.parse(r.lastMessageAt ?? r.createdAt));
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: AdminRoomsPage = (await listRooms(`limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.rooms.map((r) => r.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.map((r) => r.id));
  });

  it('finds rooms by a part of the name, Chinese included, and lists direct conversations only when asked', async () => {
    const zh = await createRoom(server.url, owner.accessToken, { name: '项目讨论 Alpha' });
    expect((await listRooms(`q=${encodeURIComponent('讨论')}`)).body.rooms.map((r) => r.id)).toEqual([zh.id]);
    expect((await listRooms('q=ALPHA')).body.rooms.map((r) => r.id)).toEqual([zh.id]);
    const dm = (await api<Room>(server.url, 'POST', '/api/direct', { token: owner.accessToken, body: { userIds: [member.user.id] } })).body;
    expect((await listRooms('limit=100')).body.rooms.map((r) => r.id)).not.toContain(dm.id);
    const direct = (await listRooms('type=direct&limit=100')).body.rooms;
    expect(direct.map((r) => r.id)).toContain(dm.id);
    expect(direct.every((r) => r.type === 'direct' && r.owner === null)).toBe(true);
    expect((await listRooms('type=all&limit=100')).body.rooms.map((r) => r.id)).toEqual(expect.arrayContaining([dm.id, zh.id]));
  });
});

describe('deleting a room', () => {
  it('deletes any room as its owner would: members told, streams ended, uploads gone, audited', async () => {
    const room = await privateRoom('Doomed');
    const image = await uploaded(server.url, owner.accessToken, await png(32, 32), 'doomed.png');
    const socket = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    await socket.next('room.subscribed');
    const owners = await connect(server.wsUrl, owner.accessToken);
    await owners.request({ type: 'message.send', roomId: room.id, clientMsgId: 'img', kind: 'image', attachmentIds: [image.id] });
    await owners.close();
    expect(await call('DELETE', `/api/admin/rooms/${room.id}`)).toEqual({ status: 204, body: undefined });
    const deleted = await socket.next('message.created', (f) => f.message.kind === 'system' && f.message.event?.type === 'room.deleted');
    expect(deleted.message.event).toEqual({ type: 'room.deleted', by: userRef(admin) });
    expect(await socket.next('room.unsubscribed')).toEqual({ type: 'room.unsubscribed', roomId: room.id, reason: 'deleted' });
    await socket.close();
    expect(await call('GET', `/api/rooms/${room.id}`, undefined, owner.accessToken)).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect((await download(server.url, image.url, member.accessToken)).status).toBe(404);
    expect((await listRooms('type=all&limit=100')).body.rooms.map((r) => r.id)).not.toContain(room.id);
    const audit = (await call<AuditPage>('GET', `/api/admin/audit?action=admin.room_deleted&roomId=${room.id}`)).body.entries;
    expect(audit).toEqual([expect.objectContaining({ actor: userRef(admin), roomId: room.id, details: { name: 'Doomed', visibility: 'private' } })]);
  });

  it('answers a deleted, unknown or direct room with the right refusal', async () => {
    const room = await createRoom(server.url, owner.accessToken, { name: 'twice' });
    expect((await call('DELETE', `/api/admin/rooms/${room.id}`)).status).toBe(204);
    expect(await call('DELETE', `/api/admin/rooms/${room.id}`)).toEqual({ status: 404, body: errorBody('room_not_found') });
    const dm = (await api<Room>(server.url, 'POST', '/api/direct', { token: member.accessToken, body: { userIds: [admin.user.id] } })).body;
    expect(await call('DELETE', `/api/admin/rooms/${dm.id}`)).toEqual({ status: 409, body: errorBody('not_allowed_in_direct') });
    expect(await call('POST', `/api/admin/rooms/${dm.id}/transfer`, { userId: member.user.id })).toEqual({ status: 409, body: errorBody('not_allowed_in_direct') });
  });
});

describe('transferring a room', () => {
  it('makes a member the owner and the old owner an admin, with a system message, audited', async () => {
    const room = await privateRoom('Handover');
    const socket = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    await socket.next('room.subscribed');
    const res = await call<AdminRoom>('POST', `/api/admin/rooms/${room.id}/transfer`, { userId: member.user.id });
    expect(res).toMatchObject({ status: 200, body: { id: room.id, owner: userRef(member), memberCount: 2 } });
    const msg = await socket.next('message.created', (f) => f.message.event?.type === 'room.owner-transferred');
    expect(msg.message.event).toEqual({ type: 'room.owner-transferred', from: userRef(owner), to: userRef(member) });
    await socket.close();
    const members = (await call<MemberList>('GET', `/api/rooms/${room.id}/members`, undefined, member.accessToken)).body.members;
    expect(Object.fromEntries(members.map((m) => [m.user.id, m.role]))).toEqual({ [owner.user.id]: 'admin', [member.user.id]: 'owner' });
    const audit = (await call<AuditPage>('GET', `/api/admin/audit?action=admin.room_transferred&roomId=${room.id}`)).body.entries;
    expect(audit).toEqual([expect.objectContaining({ actor: userRef(admin), target: userRef(member), details: { previousOwnerId: owner.user.id } })]);
  });

  it('refuses a user who is not a member, and the current owner', async () => {
    const room = await privateRoom('Closed');
    expect(await call('POST', `/api/admin/rooms/${room.id}/transfer`, { userId: admin.user.id })).toEqual({ status: 404, body: errorBody('member_not_found') });
    expect(await call('POST', `/api/admin/rooms/${room.id}/transfer`, { userId: owner.user.id })).toEqual({ status: 400, body: errorBody('invalid_request') });
    const unknownRoom = '00000000-0000-4000-8000-000000000000';
    expect(await call('POST', `/api/admin/rooms/${unknownRoom}/transfer`, { userId: owner.user.id })).toEqual({ status: 404, body: errorBody('room_not_found') });
    expect((await listRooms('q=closed')).body.rooms[0]?.owner).toEqual(userRef(owner));
  });
});
