import { randomUUID } from 'node:crypto';
import { ClientFrame, ServerFrame, type ClientFrameInput, type Room, type ServerFrameType } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import type { Account } from './helpers/bodies.js';
import { settle } from './helpers/settle.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { png, uploaded } from './helpers/uploads.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// Every frame type, both ways: a never-member, a kicked and a banned member send every client frame
// about a private room and get what they would get for a room that does not exist, and while the
// room goes through everything it can do, none of the server frames they receive mentions it.
let server: TestServer;
let owner: Account;
let member: Account;
let kicked: Account;
let banned: Account;
let outsider: Account;
let room: Room;
const SECRET = 'the launch code is 0000';
const REPLAY_LIMIT = 10;

beforeAll(async () => {
  server = await startServer({ ws: { replayLimit: REPLAY_LIMIT, sendRatePerSecond: 1000, sendBurst: 1000 } });
  await registerUser(server.url, 'admin'); // the first account is the instance admin: not a prober
  [owner, member, kicked, banned, outsider] = (await Promise.all(
    ['owner', 'member', 'kicked', 'banned', 'outsider'].map((p) => registerUser(server.url, p)),
  )) as [Account, Account, Account, Account, Account];
  room = await createRoom(server.url, owner.accessToken, { name: 'Secret plans', visibility: 'private' });
  for (const who of [member, kicked, banned]) await joinPrivate(server.url, owner.accessToken, who.accessToken, room.id);
  const socket = await connect(server.wsUrl, owner.accessToken);
  // More history than one replay may carry, so a replay from 0 would be a resync: it must still be refused.
  for (let i = 0; i <= REPLAY_LIMIT; i++) await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: `s${i}`, body: SECRET });
  await socket.close();
  await api(server.url, 'DELETE', `/api/rooms/${room.id}/members/${kicked.user.id}`, { token: owner.accessToken });
  await api(server.url, 'PUT', `/api/rooms/${room.id}/bans/${banned.user.id}`, { token: owner.accessToken, body: {} });
});
afterAll(async () => {
  await server.close();
});

const PROBERS = ['a user who was never a member', 'a kicked member', 'a banned member'] as const;
type Prober = (typeof PROBERS)[number];
const prober = (who: Prober) => ({ 'a user who was never a member': outsider, 'a kicked member': kicked, 'a banned member': banned })[who];

/** Every client frame that names a room, in each form that could reach a different code path. */
const ROOM_FRAMES: Record<string, Array<(roomId: string) => ClientFrameInput>> = {
  'room.subscribe': [(roomId) => ({ type: 'room.subscribe', roomId }), (roomId) => ({ type: 'room.subscribe', roomId, afterSeq: 0 })],
  'room.unsubscribe': [(roomId) => ({ type: 'room.unsubscribe', roomId })],
  'message.send': [
    (roomId) => ({ type: 'message.send', roomId, clientMsgId: randomUUID(), body: 'let me in' }),
    (roomId) => ({ type: 'message.send', roomId, clientMsgId: 's0', body: SECRET }),
  ],
  'typing.start': [(roomId) => ({ type: 'typing.start', roomId })],
  'typing.stop': [(roomId) => ({ type: 'typing.stop', roomId })],
};
/** Client frames that name no room of their own (session.hello's subscriptions are probed below). */
const ROOMLESS_FRAMES = ['session.hello', 'session.ping'];
/** Server frames that describe a room's content or people: each must show up in the scenario below. */
const ROOM_EVENT_FRAMES: ServerFrameType[] = ['message.created', 'typing.updated', 'presence.updated', 'membership.updated', 'room.unsubscribed', 'room.subscribed', 'message.acked'];
/** Server frames about the socket itself, about public rooms only, or about the instance (its public settings). */
const OTHER_SERVER_FRAMES: ServerFrameType[] = ['session.ready', 'session.pong', 'error', 'room.resync-required', 'directory.changed', 'instance.updated'];

const typeOf = (schema: { shape: { type: { value: unknown } } }) => String(schema.shape.type.value);
/**
 * Whether a frame only echoes the room id the client itself sent: a refused subscription, or the
 * acknowledgement of an unsubscribe (sent for any id, known or not).
 */
const isEcho = (f: Record<string, unknown>) => 'roomId' in f && (f.type === 'error' || (f.type === 'room.unsubscribed' && f.reason === 'requested'));
/** A reply without its ref, and with an echoed room id blanked. */
const comparable = ({ ref: _ref, ...rest }: Record<string, unknown>) => (isEcho(rest) ? { ...rest, roomId: 'ECHO' } : rest);
/** Frames with the echoes of the prober's own requests blanked. */
const withoutEchoes = (frames: ServerFrame[]) => frames.map((f) => (isEcho(f) ? { ...f, roomId: 'ECHO' } : f));

describe('the frame tables', () => {
  it('cover every client and server frame type, so a new one must be added to a leak probe', () => {
    const client = ClientFrame.options.map(typeOf).sort();
    expect(client).toEqual([...Object.keys(ROOM_FRAMES), ...ROOMLESS_FRAMES].sort());
    const server = ServerFrame.options.map(typeOf).sort();
    expect(server).toEqual([...ROOM_EVENT_FRAMES, ...OTHER_SERVER_FRAMES].sort());
  });
});

describe('client frames about a private room', () => {
  it.each(PROBERS)('refuses every room frame from %s exactly as for a room that does not exist', async (who) => {
    const socket = await connect(server.wsUrl, prober(who).accessToken);
    const unknown = randomUUID();
    for (const [type, frames] of Object.entries(ROOM_FRAMES)) {
      for (const frame of frames) {
        const theRoom = comparable((await socket.request(frame(room.id))) as Record<string, unknown>);
        const noRoom = comparable((await socket.request(frame(unknown))) as Record<string, unknown>);
        expect({ type, reply: theRoom }).toEqual({ type, reply: noRoom });
        expect({ type, code: theRoom.code ?? theRoom.type }).toEqual({ type, code: type === 'room.unsubscribe' ? theRoom.type : 'room_not_found' });
      }
    }
    await settle(socket);
    expect(JSON.stringify(withoutEchoes(socket.frames))).not.toContain(room.id);
    await socket.close();
  });

  it.each(PROBERS)('refuses a session.hello subscription from %s with a replay from 0 and sends nothing of the room', async (who) => {
    const socket = await connect(server.wsUrl, prober(who).accessToken, [{ roomId: room.id, afterSeq: 0 }]);
    expect(await socket.next('error')).toEqual({ type: 'error', code: 'room_not_found', message: expect.any(String), roomId: room.id });
    await settle(socket);
    expect(socket.frames.map((f) => f.type)).toEqual(['session.ready', 'error', 'session.pong']);
    await socket.close();
  });
});

describe('server frames while the private room does everything it can', () => {
  it('never sends a non-member, a kicked or a banned member a frame about the room', async () => {
    const spies: TestClient[] = await Promise.all(PROBERS.map((who) => connect(server.wsUrl, prober(who).accessToken, [{ roomId: room.id }])));
    await Promise.all(spies.map((s) => s.next('error')));
    const ownerSocket = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
    const memberSocket = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    await Promise.all([ownerSocket.next('room.subscribed'), memberSocket.next('room.subscribed')]);
    const seen = (type: ServerFrameType, match: (f: ServerFrame) => boolean = () => true) => memberSocket.nextWhere((f) => f.type === type && match(f), type);

    await ownerSocket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'live', body: SECRET });
    await seen('message.created');
    const image = await uploaded(server.url, owner.accessToken, await png(32, 32), 'map.png');
    await ownerSocket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'img', kind: 'image', attachmentIds: [image.id] });
    await seen('message.created', (f) => f.type === 'message.created' && f.message.kind === 'image');
    ownerSocket.send({ type: 'typing.start', roomId: room.id });
    await seen('typing.updated');
    const newcomer = await registerUser(server.url, 'newcomer');
    await joinPrivate(server.url, owner.accessToken, newcomer.accessToken, room.id);
    const newcomerSocket = await connect(server.wsUrl, newcomer.accessToken);
    await seen('presence.updated', (f) => f.type === 'presence.updated' && f.online.includes(newcomer.user.id));
    await api(server.url, 'PUT', `/api/rooms/${room.id}/read`, { token: member.accessToken, body: { seq: 3 } });
    await api(server.url, 'PUT', `/api/rooms/${room.id}/notifications`, { token: member.accessToken, body: { muted: true } });
    await seen('membership.updated', (f) => f.type === 'membership.updated' && f.muted);
    await api(server.url, 'PATCH', `/api/rooms/${room.id}`, { token: owner.accessToken, body: { name: 'Renamed plans', description: SECRET } });
    await api(server.url, 'POST', `/api/rooms/${room.id}/members/${newcomer.user.id}/role`, { token: owner.accessToken, body: { role: 'admin' } });
    await api(server.url, 'PUT', `/api/rooms/${room.id}/bans/${newcomer.user.id}`, { token: owner.accessToken, body: { reason: SECRET } });
    await api(server.url, 'DELETE', `/api/rooms/${room.id}/bans/${newcomer.user.id}`, { token: owner.accessToken });
    await api(server.url, 'POST', `/api/rooms/${room.id}/transfer`, { token: owner.accessToken, body: { userId: member.user.id } });
    const hidden = await createRoom(server.url, owner.accessToken, { name: 'Another secret', visibility: 'private' });
    await api(server.url, 'DELETE', `/api/rooms/${room.id}`, { token: member.accessToken });
    await seen('room.unsubscribed');

    await settle(...spies);
    for (const [i, spy] of spies.entries()) {
      const text = JSON.stringify(withoutEchoes(spy.frames));
      for (const secret of [room.id, hidden.id, SECRET, 'Secret plans', 'Renamed plans', 'Another secret', newcomer.user.id, member.user.id, image.id]) {
        expect({ spy: PROBERS[i], secret, leaked: text.includes(secret) }).toEqual({ spy: PROBERS[i], secret, leaked: false });
      }
    }
    const memberSaw = new Set(memberSocket.frames.map((f) => f.type));
    expect(ROOM_EVENT_FRAMES.filter((t) => !memberSaw.has(t) && t !== 'message.acked')).toEqual([]);
    await Promise.all([ownerSocket.close(), memberSocket.close(), newcomerSocket.close(), ...spies.map((s) => s.close())]);
  });
});
