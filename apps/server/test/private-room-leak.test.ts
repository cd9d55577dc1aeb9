import { randomUUID } from 'node:crypto';
import type { AuthSession, ClientFrameInput, MemberList, Room, RoomList, ServerFrame } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { DIALECTS } from './helpers/dialects.js';
import { settle } from './helpers/settle.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, TestClient } from './helpers/ws-client.js';

type Account = AuthSession & { password: string };

let server: TestServer;
let owner: Account;
let member: Account;
let kicked: Account;
let outsider: Account;
let room: Room;
/** A well-formed id no room has: what "does not exist" looks like. */
const unknownId = randomUUID();
const SECRET_BODY = 'the launch code is 0000';

beforeAll(async () => {
  server = await startServer();
  [owner, member, kicked, outsider] = (await Promise.all(
    ['owner', 'member', 'kicked', 'outsider'].map((p) => registerUser(server.url, p)),
  )) as [Account, Account, Account, Account];
  room = await createRoom(server.url, owner.accessToken, { name: 'Secret plans', visibility: 'private' });
  await joinPrivate(server.url, owner.accessToken, member.accessToken, room.id);
  await joinPrivate(server.url, owner.accessToken, kicked.accessToken, room.id);
  const socket = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
  await socket.next('room.subscribed');
  await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'secret', body: SECRET_BODY });
  await socket.close();
  const res = await api(server.url, 'DELETE', `/api/rooms/${room.id}/members/${kicked.user.id}`, { token: owner.accessToken });
  if (res.status !== 204) throw new Error(`kick failed: ${res.status}`);
});
afterAll(async () => {
  await server.close();
});

/** Who probes the room; resolved lazily because the accounts exist only after beforeAll. */
const PROBERS = ['a user who was never a member', 'a kicked member'] as const;
const prober = (who: (typeof PROBERS)[number]) => (who === 'a kicked member' ? kicked : outsider);

/** Every REST route that takes a room id, with a body that would succeed for a member who may act. */
function probes(roomId: string): Array<[string, string, string, unknown]> {
  const m = member.user.id;
  return [
    ['read the room', 'GET', `/api/rooms/${roomId}`, undefined],
    ['rename the room', 'PATCH', `/api/rooms/${roomId}`, { name: 'pwned' }],
    ['delete the room', 'DELETE', `/api/rooms/${roomId}`, undefined],
    ['join without a body', 'POST', `/api/rooms/${roomId}/join`, undefined],
    ['join without an invite', 'POST', `/api/rooms/${roomId}/join`, {}],
    ['join with a wrong invite', 'POST', `/api/rooms/${roomId}/join`, { inviteCode: 'guessed-code' }],
    ['leave', 'POST', `/api/rooms/${roomId}/leave`, undefined],
    ['list members', 'GET', `/api/rooms/${roomId}/members`, undefined],
    ['create an invite', 'POST', `/api/rooms/${roomId}/invites`, {}],
    ['change a member role', 'POST', `/api/rooms/${roomId}/members/${m}/role`, { role: 'admin' }],
    ["change the owner's role", 'POST', `/api/rooms/${roomId}/members/${owner.user.id}/role`, { role: 'member' }],
    ['change a stranger role', 'POST', `/api/rooms/${roomId}/members/${randomUUID()}/role`, { role: 'admin' }],
    ['kick a member', 'DELETE', `/api/rooms/${roomId}/members/${m}`, undefined],
    ['kick the owner', 'DELETE', `/api/rooms/${roomId}/members/${owner.user.id}`, undefined],
    ['read the latest messages', 'GET', `/api/rooms/${roomId}/messages`, undefined],
    ['read messages after seq 0', 'GET', `/api/rooms/${roomId}/messages?after=0&limit=100`, undefined],
    ['read messages before seq 100', 'GET', `/api/rooms/${roomId}/messages?before=100`, undefined],
    ['mark the room read', 'PUT', `/api/rooms/${roomId}/read`, { seq: 5 }],
    ['mute the room', 'PUT', `/api/rooms/${roomId}/notifications`, { muted: true }],
  ];
}

describe('a private room over REST', () => {
  it.each(PROBERS)('answers %s on every route exactly as for a room that does not exist', async (who) => {
      const actor = prober(who);
      const theRoom = probes(room.id);
      const noRoom = probes(unknownId);
      for (const [i, [what, method, path, body]] of theRoom.entries()) {
        const res = await api(server.url, method, path, { token: actor.accessToken, body });
        const [, noMethod, noPath, noBody] = noRoom[i]!;
        const control = await api(server.url, noMethod, noPath, { token: actor.accessToken, body: noBody });
        expect({ what, ...res }).toEqual({ what, status: 404, body: { error: { code: 'room_not_found', message: expect.any(String) } } });
        expect({ what, ...res }).toEqual({ what, ...control });
      }
  });

  it('leaves the room untouched by all those attempts', async () => {
    const got = await api<Room>(server.url, 'GET', `/api/rooms/${room.id}`, { token: owner.accessToken });
    // created, member joined, kicked joined, the message, kicked
    expect(got.body).toEqual({
      id: room.id,
      type: 'room',
      name: 'Secret plans',
      description: '',
      visibility: 'private',
      createdAt: room.createdAt,
      lastSeq: 5,
      memberCount: 2,
      onlineCount: 0,
      myRole: 'owner',
      // The owner posted the message at seq 4; joins and the kick are system messages.
      lastReadSeq: 4,
      unreadCount: 0,
      mentionCount: 0,
      muted: false,
    });
    const members = await api<MemberList>(server.url, 'GET', `/api/rooms/${room.id}/members`, { token: owner.accessToken });
    expect(members.body.members.map((m) => [m.user.id, m.role])).toEqual([
      [owner.user.id, 'owner'],
      [member.user.id, 'member'],
    ]);
  });

  it.each(PROBERS)('is not listed for %s', async (who) => {
    const res = await api<RoomList>(server.url, 'GET', '/api/rooms', { token: prober(who).accessToken });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(room.id);
  });
});

/** Sends a frame about the private room and the same about an unknown room; returns both replies without refs. */
/**
 * The replies for the private room and for an unknown id, with `ref` dropped and a subscription
 * error's `roomId` echo (the id the client itself sent) replaced by a placeholder, so the two must
 * be identical.
 */
async function both(socket: TestClient, frame: (roomId: string) => ClientFrameInput): Promise<[unknown, unknown]> {
  const strip = ({ ref: _ref, ...rest }: ServerFrame & { ref?: string }) => ('roomId' in rest && rest.type === 'error' ? { ...rest, roomId: 'ECHO' } : rest);
  const a = await socket.request(frame(room.id));
  const b = await socket.request(frame(unknownId));
  return [strip(a as ServerFrame & { ref?: string }), strip(b as ServerFrame & { ref?: string })];
}

const notFoundFrame = { type: 'error', code: 'room_not_found', message: expect.any(String) };
/** A refused subscription also echoes the roomId it asked for, so a client can tell which one failed. */
const subscribeRefused = (roomId: string) => ({ ...notFoundFrame, roomId });
/** Every frame with the roomId echoes of refused subscriptions removed. */
const withoutEchoes = (frames: ServerFrame[]) => frames.map((f) => (f.type === 'error' ? { ...f, roomId: undefined } : f));

describe('a private room over the socket', () => {
  it.each(PROBERS)('refuses every room frame from %s exactly as for a room that does not exist', async (who) => {
    const socket = await connect(server.wsUrl, prober(who).accessToken);
    const frames: Array<[string, (id: string) => ClientFrameInput]> = [
      ['room.subscribe', (roomId) => ({ type: 'room.subscribe', roomId })],
      ['room.subscribe with replay', (roomId) => ({ type: 'room.subscribe', roomId, afterSeq: 0 })],
      ['message.send', (roomId) => ({ type: 'message.send', roomId, clientMsgId: randomUUID(), body: 'let me in' })],
      ['typing.start', (roomId) => ({ type: 'typing.start', roomId })],
      ['typing.stop', (roomId) => ({ type: 'typing.stop', roomId })],
    ];
    for (const [what, frame] of frames) {
      const [theRoom, noRoom] = await both(socket, frame);
      const expected = what.startsWith('room.subscribe') ? { ...notFoundFrame, roomId: 'ECHO' } : notFoundFrame;
      expect({ what, reply: theRoom }).toEqual({ what, reply: expected });
      expect({ what, reply: theRoom }).toEqual({ what, reply: noRoom });
    }
    expect(JSON.stringify(withoutEchoes(socket.frames))).not.toContain(room.id);
    await socket.close();
  });

  it.each(PROBERS)('refuses a session.hello subscription from %s and replays nothing', async (who) => {
    const theRoom = await connect(server.wsUrl, prober(who).accessToken, [{ roomId: room.id, afterSeq: 0 }]);
    const noRoom = await connect(server.wsUrl, prober(who).accessToken, [{ roomId: unknownId, afterSeq: 0 }]);
    expect(await theRoom.next('error')).toEqual(subscribeRefused(room.id));
    expect(await noRoom.next('error')).toEqual(subscribeRefused(unknownId));
    await settle(theRoom);
    expect(theRoom.frames.map((f) => f.type)).toEqual(['session.ready', 'error', 'session.pong']);
    expect(JSON.stringify(theRoom.frames)).not.toContain(SECRET_BODY);
    await Promise.all([theRoom.close(), noRoom.close()]);
  });

  it('sends no message, typing or presence frame of the room to a non-member or a kicked member', async () => {
    const ownerSocket = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
    const memberSocket = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    const spies = await Promise.all(PROBERS.map((who) => connect(server.wsUrl, prober(who).accessToken, [{ roomId: room.id }])));
    await Promise.all([ownerSocket.next('room.subscribed'), memberSocket.next('room.subscribed'), ...spies.map((s) => s.next('error'))]);

    // Everything the room can produce, each seen by a member so we know it happened.
    await ownerSocket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'live', body: SECRET_BODY });
    await memberSocket.next('message.created', (f) => f.message.clientMsgId === 'live');
    ownerSocket.send({ type: 'typing.start', roomId: room.id });
    await memberSocket.next('typing.updated', (f) => f.user.id === owner.user.id && f.typing);
    const newcomer = await registerUser(server.url, 'newcomer');
    const newcomerSocket = await connect(server.wsUrl, newcomer.accessToken);
    await joinPrivate(server.url, owner.accessToken, newcomer.accessToken, room.id);
    await memberSocket.next('presence.updated', (f) => f.online.includes(newcomer.user.id));
    await api(server.url, 'PATCH', `/api/rooms/${room.id}`, { token: owner.accessToken, body: { description: 'still secret' } });
    await memberSocket.next('message.created', (f) => f.message.event?.type === 'room.updated');

    await settle(...spies);
    for (const spy of spies) {
      const seen = JSON.stringify(withoutEchoes(spy.frames));
      expect(seen).not.toContain(room.id);
      expect(seen).not.toContain(SECRET_BODY);
      expect(seen).not.toContain(newcomer.user.id);
      expect(seen).not.toContain(member.user.id);
    }
    await Promise.all([ownerSocket.close(), memberSocket.close(), newcomerSocket.close(), ...spies.map((s) => s.close())]);
  });

  it("never shows a kicked member's presence to the room", async () => {
    const ownerSocket = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
    const subscribed = await ownerSocket.next('room.subscribed');
    expect(subscribed.onlineUserIds).not.toContain(kicked.user.id);
    const mark = ownerSocket.frames.length;

    // The kicked member comes online, then a new member does. Presence goes out in order, so the
    // newcomer's announcement arrives no earlier than any announcement of the kicked member would.
    const kickedSocket = await connect(server.wsUrl, kicked.accessToken);
    const latecomer = await registerUser(server.url, 'latecomer');
    await joinPrivate(server.url, owner.accessToken, latecomer.accessToken, room.id);
    const latecomerSocket = await connect(server.wsUrl, latecomer.accessToken);
    await ownerSocket.next('presence.updated', (f) => f.online.includes(latecomer.user.id));
    const presence = ownerSocket.frames.slice(mark).filter((f) => f.type === 'presence.updated');
    expect(JSON.stringify(presence)).not.toContain(kicked.user.id);
    const members = await api<MemberList>(server.url, 'GET', `/api/rooms/${room.id}/members`, { token: owner.accessToken });
    expect(JSON.stringify(members.body)).not.toContain(kicked.user.id);
    await Promise.all([ownerSocket.close(), kickedSocket.close(), latecomerSocket.close()]);
  });
});

describe('a private room around a refused subscription', () => {
  it('ends a member’s stream at the kick and refuses every room frame on that same socket afterwards', async () => {
    const target = await registerUser(server.url, 'soon-kicked');
    await joinPrivate(server.url, owner.accessToken, target.accessToken, room.id);
    const socket = await connect(server.wsUrl, target.accessToken, [{ roomId: room.id }]);
    await socket.next('room.subscribed');
    await api(server.url, 'DELETE', `/api/rooms/${room.id}/members/${target.user.id}`, { token: owner.accessToken });
    expect(await socket.next('room.unsubscribed')).toEqual({ type: 'room.unsubscribed', roomId: room.id, reason: 'kicked' });

    const refusals: Array<[string, ClientFrameInput]> = [
      ['typing.start', { type: 'typing.start', roomId: room.id }],
      ['message.send', { type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: 'let me back' }],
      ['room.subscribe', { type: 'room.subscribe', roomId: room.id, afterSeq: 0 }],
    ];
    for (const [what, frame] of refusals) {
      const reply = await socket.request(frame);
      const expected = what === 'room.subscribe' ? subscribeRefused(room.id) : notFoundFrame;
      expect({ what, reply }).toEqual({ what, reply: { ...expected, ref: expect.any(String) } });
    }
    await socket.close();
  });

  for (const dialect of DIALECTS) {
    it(
      `sends no typing of the room to a non-member while refusing their subscription (${dialect.name})`,
      { skip: !dialect.available },
      async () => {
        const db = await dialect.create();
        const s = await startServer({ databaseUrl: db.url, ws: { sendRatePerSecond: 10_000, sendBurst: 100_000 } });
        const sockets: TestClient[] = [];
        try {
          await refusedWhileTyping(s, sockets);
        } finally {
          await Promise.all(sockets.map((c) => c.close()));
          await s.close();
          await db.drop();
        }
      },
    );
  }
});

/** A member types in a private room while a non-member's subscriptions to it are refused. */
async function refusedWhileTyping(s: TestServer, sockets: TestClient[]): Promise<void> {
  const [o, m, x] = (await Promise.all(['o', 'm', 'x'].map((p) => registerUser(s.url, p)))) as [Account, Account, Account];
  const hidden = await createRoom(s.url, o.accessToken, { name: 'hidden', visibility: 'private' });
  await joinPrivate(s.url, o.accessToken, m.accessToken, hidden.id);
  const open = async (token: string, subscriptions: Array<{ roomId: string }> = []) => {
    const socket = await connect(s.wsUrl, token, subscriptions);
    sockets.push(socket);
    return socket;
  };
  const typist = await open(o.accessToken, [{ roomId: hidden.id }]);
  const watcher = await open(m.accessToken, [{ roomId: hidden.id }]);
  const spy = await open(x.accessToken);
  await Promise.all([typist.next('room.subscribed'), watcher.next('room.subscribed')]);

  for (let i = 0; i < 50; i++) {
    spy.send({ type: 'room.subscribe', roomId: hidden.id });
    for (let j = 0; j < 5; j++) typist.send({ type: j % 2 ? 'typing.stop' : 'typing.start', roomId: hidden.id });
  }
  for (let i = 0; i < 50; i++) expect(await spy.next('error')).toEqual(subscribeRefused(hidden.id));
  await settle(typist);
  await watcher.next('typing.updated', (f) => f.user.id === o.user.id);
  await settle(spy);
  expect(withoutEchoes(spy.frames).filter((f) => JSON.stringify(f).includes(hidden.id))).toEqual([]);
}
