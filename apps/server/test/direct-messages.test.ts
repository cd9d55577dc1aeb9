import { randomUUID } from 'node:crypto';
import type { Room, SearchPage, User } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { errorBody, errorFrame, invalidRequest, userRef, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { png, upload } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

// Direct messages through a real server and real sockets: starting one, finding it again, the
// people it notifies, what it refuses, and that nobody outside it learns anything about it.
let server: TestServer;
let people: Account[];
let alice: Account;
let bob: Account;
let carol: Account;
let dave: Account;
let eve: Account;

beforeAll(async () => {
  server = await startServer();
  await registerUser(server.url, 'admin'); // the instance admin is none of the people below
  people = await Promise.all(Array.from({ length: 9 }, (_, i) => registerUser(server.url, `dm${i}`)));
  [alice, bob, carol, dave, eve] = people as [Account, Account, Account, Account, Account];
});
afterAll(async () => {
  await server.close();
});

const startDirect = (who: Account, userIds: string[]) => api<Room>(server.url, 'POST', '/api/direct', { token: who.accessToken, body: { userIds } });
const listRooms = async (who: Account) => (await api<{ rooms: Room[] }>(server.url, 'GET', '/api/rooms', { token: who.accessToken })).body.rooms;
const byId = (accounts: Account[]) => accounts.map(userRef).sort((a, b) => (a.id < b.id ? -1 : 1));
const membersOf = (room: Room) => [...(room.directMembers ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));

/** A direct room as the caller sees it right after it started (seq 1 is `room.created`). */
const directBody = (members: Account[]) => ({
  id: expect.any(String),
  type: 'direct',
  name: '',
  description: '',
  visibility: 'private',
  createdAt: expect.any(String),
  lastSeq: 1,
  memberCount: members.length,
  onlineCount: expect.any(Number),
  myRole: 'member',
  lastReadSeq: 1,
  unreadCount: 0,
  mentionCount: 0,
  muted: false,
  directMembers: expect.any(Array),
});

describe('starting a direct conversation', () => {
  it('creates a 1:1 room both people list, and answers the same room to either of them afterwards', async () => {
    const created = await startDirect(alice, [bob.user.id]);
    expect(created).toEqual({ status: 201, body: directBody([alice, bob]) });
    expect(membersOf(created.body)).toEqual(byId([alice, bob]));

    const again = await startDirect(alice, [bob.user.id]);
    const fromBob = await startDirect(bob, [alice.user.id]);
    expect(again).toEqual({ status: 200, body: { ...created.body, onlineCount: expect.any(Number) } });
    expect(fromBob.status).toBe(200);
    expect(fromBob.body.id).toBe(created.body.id);

    for (const who of [alice, bob]) {
      const listed = (await listRooms(who)).filter((r) => r.id === created.body.id);
      expect(listed).toEqual([{ ...directBody([alice, bob]), id: created.body.id }]);
      expect(membersOf(listed[0]!)).toEqual(byId([alice, bob]));
    }
  });

  it('creates a group of three once, whatever order its people are named in, apart from its 1:1s', async () => {
    const group = await startDirect(carol, [dave.user.id, eve.user.id]);
    expect(group).toEqual({ status: 201, body: directBody([carol, dave, eve]) });
    expect(membersOf(group.body)).toEqual(byId([carol, dave, eve]));
    const reordered = await startDirect(eve, [carol.user.id, dave.user.id]);
    expect({ status: reordered.status, id: reordered.body.id }).toEqual({ status: 200, id: group.body.id });
    const pair = await startDirect(carol, [dave.user.id]);
    expect(pair.status).toBe(201);
    expect(pair.body.id).not.toBe(group.body.id);
  });

  it("names each person with their current profile and avatar, and follows a change to either", async () => {
    const [a, b] = await Promise.all([registerUser(server.url, 'face'), registerUser(server.url, 'face')]);
    const withAvatar = await upload<User>(server.url, b.accessToken, await png(64, 64), 'me.png', '/api/me/avatar', 'PUT');
    expect(withAvatar.status).toBe(200);
    const started = await startDirect(a, [b.user.id]);
    await api(server.url, 'PATCH', '/api/me', { token: a.accessToken, body: { displayName: '阿明' } });
    const seen = (await listRooms(b)).find((r) => r.id === started.body.id)!;
    expect(membersOf(seen)).toEqual(
      byId([a, b]).map((ref) => (ref.id === a.user.id ? { ...ref, displayName: '阿明' } : { ...ref, avatar: withAvatar.body.avatar })),
    );
    expect(withAvatar.body.avatar).toEqual({ small: expect.stringMatching(/^\/api\/avatars\//), large: expect.stringMatching(/^\/api\/avatars\//) });
  });

  it('takes up to eight people and refuses a ninth', async () => {
    const [first, ...others] = people as [Account, ...Account[]];
    const eight = await startDirect(first, others.slice(0, 7).map((a) => a.user.id));
    expect(eight).toEqual({ status: 201, body: directBody(people.slice(0, 8)) });
    const nine = await startDirect(first, others.map((a) => a.user.id));
    expect(nine).toEqual({ status: 400, body: invalidRequest('userIds') });
  });

  it('refuses the caller themself, a person named twice, nobody, and a bad id as invalid_request', async () => {
    for (const userIds of [[alice.user.id], [bob.user.id, alice.user.id], [bob.user.id, bob.user.id], [], ['bob']]) {
      expect({ userIds, ...(await startDirect(alice, userIds)) }).toEqual({ userIds, status: 400, body: invalidRequest('userIds') });
    }
    const extra = await api(server.url, 'POST', '/api/direct', { token: alice.accessToken, body: { userIds: [bob.user.id], name: 'x' } });
    expect(extra).toEqual({ status: 400, body: errorBody('invalid_request') });
  });

  it('answers an unknown person with user_not_found and starts nothing', async () => {
    const before = (await listRooms(alice)).length;
    expect(await startDirect(alice, [bob.user.id, randomUUID()])).toEqual({ status: 404, body: errorBody('user_not_found') });
    expect(await listRooms(alice)).toHaveLength(before);
  });

  it('needs a signed-in caller, and a write-scoped token', async () => {
    expect(await api(server.url, 'POST', '/api/direct', { body: { userIds: [bob.user.id] } })).toEqual({ status: 401, body: errorBody('unauthenticated') });
    const pat = await api<{ token: string }>(server.url, 'POST', '/api/me/access-tokens', { token: alice.accessToken, body: { name: 'reader', scopes: ['read'] } });
    const res = await api(server.url, 'POST', '/api/direct', { token: pat.body.token, body: { userIds: [carol.user.id] } });
    expect(res).toEqual({ status: 403, body: errorBody('insufficient_scope') });
  });
});

describe('a conversation live', () => {
  it("tells the other people's sockets about a new conversation, and they chat over it at once", async () => {
    const [a, b] = await Promise.all([registerUser(server.url, 'live'), registerUser(server.url, 'live')]);
    const bobSocket = await connect(server.wsUrl, b.accessToken);
    const started = await startDirect(a, [b.user.id]);
    // What the web client refetches its room list on: a membership for a room it does not know.
    const told = await bobSocket.next('membership.updated', (f) => f.roomId === started.body.id);
    expect(told).toEqual({ type: 'membership.updated', roomId: started.body.id, lastReadSeq: 1, unreadCount: 0, mentionCount: 0, muted: false });
    expect((await listRooms(b)).map((r) => r.id)).toContain(started.body.id);

    await bobSocket.request({ type: 'room.subscribe', roomId: started.body.id, afterSeq: 0 });
    const aliceSocket = await connect(server.wsUrl, a.accessToken, [{ roomId: started.body.id, afterSeq: 1 }]);
    await aliceSocket.next('room.subscribed');
    expect(await aliceSocket.request({ type: 'message.send', roomId: started.body.id, clientMsgId: 'hi', body: '你好 Bob' })).toMatchObject({ type: 'message.acked', seq: 2 });
    expect(await bobSocket.request({ type: 'message.send', roomId: started.body.id, clientMsgId: 'yo', body: 'hi!' })).toMatchObject({ type: 'message.acked', seq: 3 });
    await aliceSocket.next('message.created', (f) => f.message.seq === 3);
    await bobSocket.next('message.created', (f) => f.message.seq === 3);
    expect(bobSocket.messages(started.body.id).map((m) => [m.seq, m.kind, m.body])).toEqual([
      [1, 'system', expect.any(String)],
      [2, 'text', '你好 Bob'],
      [3, 'text', 'hi!'],
    ]);
    const forBob = (await listRooms(b)).find((r) => r.id === started.body.id);
    expect(forBob).toMatchObject({ lastSeq: 3, lastReadSeq: 3, unreadCount: 0, onlineCount: 2 });
    await Promise.all([aliceSocket.close(), bobSocket.close()]);
  });

  it('replays the start and what was said to a person who was offline, on resume', async () => {
    const [a, b] = await Promise.all([registerUser(server.url, 'away'), registerUser(server.url, 'away')]);
    const started = await startDirect(a, [b.user.id]);
    const aliceSocket = await connect(server.wsUrl, a.accessToken);
    await aliceSocket.request({ type: 'message.send', roomId: started.body.id, clientMsgId: 'while-away', body: 'are you there?' });
    await aliceSocket.close();
    const listed = (await listRooms(b)).find((r) => r.id === started.body.id);
    expect(listed).toMatchObject({ type: 'direct', lastSeq: 2, lastReadSeq: 1, unreadCount: 1 });
    const bobSocket = await connect(server.wsUrl, b.accessToken, [{ roomId: started.body.id, afterSeq: 0 }]);
    await bobSocket.next('room.subscribed');
    expect(bobSocket.messages(started.body.id).map((m) => [m.seq, m.kind, m.event?.type ?? m.body])).toEqual([
      [1, 'system', 'room.created'],
      [2, 'text', 'are you there?'],
    ]);
    await bobSocket.close();
  });

  it('never announces a conversation on the public directory', async () => {
    const [a, b, watcher] = (await Promise.all(['dir', 'dir', 'dir'].map((p) => registerUser(server.url, p)))) as [Account, Account, Account];
    const watching = await connect(server.wsUrl, watcher.accessToken);
    const dm = await startDirect(a, [b.user.id]);
    const lobby = await createRoom(server.url, a.accessToken, { name: 'after the DM' });
    // Directory frames arrive in publish order: the first one is the public room made after the DM.
    expect(await watching.next('directory.changed')).toEqual({ type: 'directory.changed', roomId: lobby.id, change: 'created' });
    expect(JSON.stringify(watching.frames)).not.toContain(dm.body.id);
    await watching.close();
  });
});

describe('what a conversation refuses', () => {
  let dm: Room;
  let other: Account;
  beforeAll(async () => {
    other = await registerUser(server.url, 'refuse');
    dm = (await startDirect(alice, [other.user.id, carol.user.id])).body;
  });

  it('refuses settings, deletion, invites, roles, kicks, bans, transfer, join and webhooks with not_allowed_in_direct', async () => {
    const id = dm.id;
    const them = other.user.id;
    const requests: Array<[string, string, unknown?]> = [
      ['PATCH', `/api/rooms/${id}`, { name: 'renamed' }],
      ['DELETE', `/api/rooms/${id}`],
      ['POST', `/api/rooms/${id}/join`],
      ['POST', `/api/rooms/${id}/invites`, {}],
      ['GET', `/api/rooms/${id}/invites`],
      ['DELETE', `/api/rooms/${id}/invites/${randomUUID()}`],
      ['POST', `/api/rooms/${id}/members/${them}/role`, { role: 'admin' }],
      ['DELETE', `/api/rooms/${id}/members/${them}`],
      ['GET', `/api/rooms/${id}/bans`],
      ['PUT', `/api/rooms/${id}/bans/${them}`, {}],
      ['DELETE', `/api/rooms/${id}/bans/${them}`],
      ['POST', `/api/rooms/${id}/transfer`, { userId: them }],
      ['POST', `/api/rooms/${id}/webhooks`, { name: 'bot' }],
      ['GET', `/api/rooms/${id}/webhooks`],
      ['DELETE', `/api/rooms/${id}/webhooks/${randomUUID()}`],
    ];
    for (const [method, path, body] of requests) {
      const res = await api(server.url, method, path, { token: alice.accessToken, body });
      expect({ method, path, ...res }).toEqual({ method, path, status: 409, body: errorBody('not_allowed_in_direct') });
    }
    const after = await api<Room>(server.url, 'GET', `/api/rooms/${id}`, { token: alice.accessToken });
    expect(after.body).toMatchObject({ type: 'direct', name: '', memberCount: 3, myRole: 'member', lastSeq: 1 });
  });

  it('lets a person leave a group: the others see member.left, the leaver loses it, and the same people start anew', async () => {
    const [a, b, c] = (await Promise.all(['leave', 'leave', 'leave'].map((p) => registerUser(server.url, p)))) as [Account, Account, Account];
    const group = (await startDirect(a, [b.user.id, c.user.id])).body;
    const watching = await connect(server.wsUrl, a.accessToken, [{ roomId: group.id, afterSeq: 1 }]);
    await watching.next('room.subscribed');
    expect(await api(server.url, 'POST', `/api/rooms/${group.id}/leave`, { token: c.accessToken })).toEqual({ status: 204, body: undefined });
    const left = await watching.next('message.created', (f) => f.message.roomId === group.id);
    expect(left.message).toMatchObject({ seq: 2, kind: 'system', event: { type: 'member.left', user: userRef(c) } });
    expect(await api(server.url, 'GET', `/api/rooms/${group.id}`, { token: c.accessToken })).toEqual({ status: 404, body: errorBody('room_not_found') });
    const leaverSocket = await connect(server.wsUrl, c.accessToken);
    expect(await leaverSocket.request({ type: 'room.subscribe', roomId: group.id, afterSeq: 0 })).toEqual(errorFrame('room_not_found', { ref: expect.any(String), roomId: group.id }));
    await leaverSocket.close();
    expect((await listRooms(c)).map((r) => r.id)).not.toContain(group.id);
    const remaining = (await listRooms(a)).find((r) => r.id === group.id)!;
    expect({ memberCount: remaining.memberCount, members: membersOf(remaining) }).toEqual({ memberCount: 2, members: byId([a, b]) });
    // The conversation the three had is not theirs any more: naming them again starts a new one.
    const fresh = await startDirect(b, [a.user.id, c.user.id]);
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(group.id);
    await watching.close();
  });

  it('lets a person leave a 1:1, after which the other keeps its history and a new start makes a new room', async () => {
    const [a, b] = await Promise.all([registerUser(server.url, 'solo'), registerUser(server.url, 'solo')]);
    const pair = (await startDirect(a, [b.user.id])).body;
    expect((await api(server.url, 'POST', `/api/rooms/${pair.id}/leave`, { token: a.accessToken })).status).toBe(204);
    expect((await listRooms(a)).map((r) => r.id)).not.toContain(pair.id);
    expect((await listRooms(b)).find((r) => r.id === pair.id)).toMatchObject({ memberCount: 1, lastSeq: 2 });
    const again = await startDirect(b, [a.user.id]);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(pair.id);
  });
});

describe('privacy of a conversation', () => {
  const SECRET = 'the lunch code is 4242';
  let dm: Room;
  let outsider: Account;
  beforeAll(async () => {
    outsider = await registerUser(server.url, 'nosy');
    dm = (await startDirect(alice, [bob.user.id])).body;
    const socket = await connect(server.wsUrl, alice.accessToken);
    await socket.request({ type: 'message.send', roomId: dm.id, clientMsgId: 'secret', body: SECRET });
    await socket.close();
  });

  it('answers an outsider on its history, members, room and join exactly as for a room that does not exist', async () => {
    for (const suffix of ['', '/messages', '/messages?after=0', '/members']) {
      const res = await api(server.url, 'GET', `/api/rooms/${dm.id}${suffix}`, { token: outsider.accessToken });
      const control = await api(server.url, 'GET', `/api/rooms/${randomUUID()}${suffix}`, { token: outsider.accessToken });
      expect({ suffix, ...res }).toEqual({ suffix, status: 404, body: errorBody('room_not_found') });
      expect({ suffix, ...res }).toEqual({ suffix, ...control });
    }
    const join = await api(server.url, 'POST', `/api/rooms/${dm.id}/join`, { token: outsider.accessToken, body: { inviteCode: 'guess' } });
    expect(join).toEqual({ status: 404, body: errorBody('room_not_found') });
  });

  it('refuses an outsider a subscription to it as to an unknown room', async () => {
    const socket = await connect(server.wsUrl, outsider.accessToken);
    const reply = await socket.request({ type: 'room.subscribe', roomId: dm.id, afterSeq: 0 });
    expect(reply).toEqual(errorFrame('room_not_found', { ref: expect.any(String), roomId: dm.id }));
    expect(socket.messages(dm.id)).toEqual([]);
    await socket.close();
  });

  it('never lists it, and search never finds its messages, for anyone else', async () => {
    expect((await listRooms(outsider)).map((r) => r.id)).not.toContain(dm.id);
    const found = await api<SearchPage>(server.url, 'GET', '/api/search?q=lunch%20code', { token: outsider.accessToken });
    expect(found).toEqual({ status: 200, body: expect.objectContaining({ results: [] }) });
    const scoped = await api(server.url, 'GET', `/api/search?q=lunch&roomId=${dm.id}`, { token: outsider.accessToken });
    expect(scoped).toEqual({ status: 404, body: errorBody('room_not_found') });
    // Its own people do find it, so the probes above could have failed.
    const own = await api<SearchPage>(server.url, 'GET', '/api/search?q=lunch%20code', { token: bob.accessToken });
    expect(own.body.results.map((r) => r.snippet)).toEqual([SECRET]);
  });
});
