import { randomUUID } from 'node:crypto';
import type { AuthSession, MembershipState, Room, RoomList } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, type Account } from './helpers/bodies.js';
import { join } from './helpers/cast.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { settle } from './helpers/settle.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// Server-side read markers, unread counts and per-room mute (issue #5), on every dialect.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`read markers on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let server: TestServer;
    const sockets: TestClient[] = [];
    beforeAll(async () => {
      db = await dialect.create();
      server = await startServer({ databaseUrl: db.url });
    });
    afterAll(async () => {
      await Promise.all(sockets.map((s) => s.close()));
      await server?.close();
      await db?.drop();
    });

    const open = async (a: Account, subscriptions: Array<{ roomId: string }> = []) => {
      const socket = await connect(server.wsUrl, a.accessToken, subscriptions);
      sockets.push(socket);
      for (const s of subscriptions) await socket.next('room.subscribed', (f) => f.roomId === s.roomId);
      return socket;
    };
    const send = async (socket: TestClient, roomId: string, body = 'hello') => {
      const ack = await socket.request({ type: 'message.send', roomId, clientMsgId: randomUUID(), body });
      if (ack.type !== 'message.acked') throw new Error(`send failed: ${JSON.stringify(ack)}`);
      return ack.seq;
    };
    const markRead = (token: string, roomId: string, body: unknown) =>
      api<MembershipState>(server.url, 'PUT', `/api/rooms/${roomId}/read`, { token, body });
    const setMuted = (token: string, roomId: string, body: unknown) =>
      api<MembershipState>(server.url, 'PUT', `/api/rooms/${roomId}/notifications`, { token, body });
    const listed = async (token: string, roomId: string) =>
      (await api<RoomList>(server.url, 'GET', '/api/rooms', { token })).body.rooms.find((r) => r.id === roomId);
    const state = (roomId: string, lastReadSeq: number, unreadCount: number, muted = false): MembershipState => ({
      roomId,
      lastReadSeq,
      unreadCount,
      mentionCount: 0,
      muted,
    });
    const pick = (r: Room | undefined) => r && { roomId: r.id, lastReadSeq: r.lastReadSeq, unreadCount: r.unreadCount, mentionCount: r.mentionCount, muted: r.muted };

    /** Alice owns a public room (seq 1) that Bob joined (seq 2). */
    async function pair() {
      const alice = await registerUser(server.url, 'alice');
      const bob = await registerUser(server.url, 'bob');
      const room = await createRoom(server.url, alice.accessToken, { name: 'pair' });
      expect((await join(server.url, bob.accessToken, room.id)).status).toBe(200);
      return { alice, bob, room };
    }

    it('counts messages from others as unread, never system messages or the reader’s own', async () => {
      const { alice, bob, room } = await pair();
      const aliceSocket = await open(alice);
      for (let i = 0; i < 3; i++) await send(aliceSocket, room.id);
      const carol = await registerUser(server.url, 'carol');
      await join(server.url, carol.accessToken, room.id); // seq 6, a system message
      expect(pick(await listed(bob.accessToken, room.id))).toEqual(state(room.id, 2, 3));
      expect(await api(server.url, 'GET', `/api/rooms/${room.id}`, { token: bob.accessToken })).toEqual({
        status: 200,
        body: expect.objectContaining({ lastSeq: 6, lastReadSeq: 2, unreadCount: 3, muted: false }),
      });
      // Alice posted seqs 3-5 herself and has read up to her last one; the join after it is not unread.
      expect(pick(await listed(alice.accessToken, room.id))).toEqual(state(room.id, 5, 0));
      const bobSocket = await open(bob);
      expect(await send(bobSocket, room.id)).toBe(7);
      expect(pick(await listed(bob.accessToken, room.id))).toEqual(state(room.id, 7, 0));
      expect(pick(await listed(alice.accessToken, room.id))).toEqual(state(room.id, 5, 1));
    });

    it('answers 0/0/false for a public room the caller has not joined', async () => {
      const { alice, room } = await pair();
      await send(await open(alice), room.id);
      const stranger = await registerUser(server.url, 'stranger');
      expect(pick(await listed(stranger.accessToken, room.id))).toEqual(state(room.id, 0, 0));
    });

    it('moves the marker only forward and never past the last message', async () => {
      const { alice, bob, room } = await pair();
      const aliceSocket = await open(alice);
      for (let i = 0; i < 4; i++) await send(aliceSocket, room.id); // seqs 3-6
      expect(await markRead(bob.accessToken, room.id, { seq: 4 })).toEqual({ status: 200, body: state(room.id, 4, 2) });
      expect(await markRead(bob.accessToken, room.id, { seq: 3 })).toEqual({ status: 200, body: state(room.id, 4, 2) });
      expect(await markRead(bob.accessToken, room.id, { seq: 0 })).toEqual({ status: 200, body: state(room.id, 4, 2) });
      expect(await markRead(bob.accessToken, room.id, { seq: 1_000_000 })).toEqual({ status: 200, body: state(room.id, 6, 0) });
      await send(aliceSocket, room.id); // seq 7: the clamp must not have left the marker ahead of it
      expect(pick(await listed(bob.accessToken, room.id))).toEqual(state(room.id, 6, 1));
    });

    it('keeps the marker and mute across a reload: a new login and a fresh room list', async () => {
      const { alice, bob, room } = await pair();
      const aliceSocket = await open(alice);
      for (let i = 0; i < 5; i++) await send(aliceSocket, room.id); // seqs 3-7
      await markRead(bob.accessToken, room.id, { seq: 5 });
      await setMuted(bob.accessToken, room.id, { muted: true });
      const login = await api<AuthSession>(server.url, 'POST', '/api/auth/login', {
        body: { username: bob.user.username, password: bob.password },
      });
      expect(login.status).toBe(200);
      expect(pick(await listed(login.body.accessToken, room.id))).toEqual(state(room.id, 5, 2, true));
    });

    it('tells every socket of the reader, subscribed to the room or not, when one device marks read or mutes', async () => {
      const { alice, bob, room } = await pair();
      const aliceSocket = await open(alice, [{ roomId: room.id }]);
      for (let i = 0; i < 3; i++) await send(aliceSocket, room.id); // seqs 3-5
      const phone = await open(bob, [{ roomId: room.id }]);
      const laptop = await open(bob); // follows no room at all
      const read = await markRead(bob.accessToken, room.id, { seq: 4 });
      expect(read).toEqual({ status: 200, body: state(room.id, 4, 1) });
      for (const s of [phone, laptop]) {
        expect(await s.next('membership.updated')).toEqual({ type: 'membership.updated', ...state(room.id, 4, 1) });
      }
      expect(await setMuted(bob.accessToken, room.id, { muted: true })).toEqual({ status: 200, body: state(room.id, 4, 1, true) });
      for (const s of [phone, laptop]) {
        expect(await s.next('membership.updated')).toEqual({ type: 'membership.updated', ...state(room.id, 4, 1, true) });
      }
      // Nothing changed: no frame. Other users never hear of Bob's marker.
      expect(await markRead(bob.accessToken, room.id, { seq: 2 })).toEqual({ status: 200, body: state(room.id, 4, 1, true) });
      expect(await setMuted(bob.accessToken, room.id, { muted: true })).toEqual({ status: 200, body: state(room.id, 4, 1, true) });
      await settle(phone, laptop, aliceSocket);
      expect([...phone.frames, ...laptop.frames].filter((f) => f.type === 'membership.updated')).toHaveLength(4);
      expect(aliceSocket.frames.filter((f) => f.type === 'membership.updated' && f.roomId === room.id)).toEqual([
        { type: 'membership.updated', ...state(room.id, 3, 0) },
        { type: 'membership.updated', ...state(room.id, 4, 0) },
        { type: 'membership.updated', ...state(room.id, 5, 0) },
      ]);
      expect(await setMuted(bob.accessToken, room.id, { muted: false })).toEqual({ status: 200, body: state(room.id, 4, 1) });
      expect(await laptop.next('membership.updated')).toEqual({ type: 'membership.updated', ...state(room.id, 4, 1) });
    });

    it('moves the sender’s marker to their own message and tells their other devices', async () => {
      const { alice, bob, room } = await pair();
      const aliceSocket = await open(alice);
      await send(aliceSocket, room.id); // seq 3, unread for Bob
      const phone = await open(bob);
      const laptop = await open(bob);
      expect(await send(phone, room.id, 'from the phone')).toBe(4);
      for (const s of [phone, laptop]) {
        expect(await s.next('membership.updated')).toEqual({ type: 'membership.updated', ...state(room.id, 4, 0) });
      }
      expect(pick(await listed(bob.accessToken, room.id))).toEqual(state(room.id, 4, 0));
    });

    it('starts a joiner at their own join message and tells their sockets', async () => {
      const { alice, room } = await pair();
      const aliceSocket = await open(alice);
      for (let i = 0; i < 3; i++) await send(aliceSocket, room.id); // seqs 3-5
      const dave = await registerUser(server.url, 'dave');
      const daveSocket = await open(dave);
      const joined = await join(server.url, dave.accessToken, room.id);
      expect(joined.body).toEqual(expect.objectContaining({ lastSeq: 6, lastReadSeq: 6, unreadCount: 0, muted: false }));
      expect(await daveSocket.next('membership.updated')).toEqual({ type: 'membership.updated', ...state(room.id, 6, 0) });
      // Joining again is a no-op and says nothing.
      await join(server.url, dave.accessToken, room.id);
      await settle(daveSocket);
      expect(daveSocket.frames.filter((f) => f.type === 'membership.updated')).toHaveLength(1);
    });

    it('starts a rejoining member fresh: caught up and not muted', async () => {
      const { alice, bob, room } = await pair();
      await setMuted(bob.accessToken, room.id, { muted: true });
      expect((await api(server.url, 'POST', `/api/rooms/${room.id}/leave`, { token: bob.accessToken })).status).toBe(204);
      await send(await open(alice), room.id); // seq 4
      expect(pick(await listed(bob.accessToken, room.id))).toEqual(state(room.id, 0, 0));
      const back = await join(server.url, bob.accessToken, room.id);
      expect(back.body).toEqual(expect.objectContaining({ lastSeq: 5, lastReadSeq: 5, unreadCount: 0, muted: false }));
    });

    it('refuses a public room’s non-member with not_room_member on both routes', async () => {
      const { room } = await pair();
      const stranger = await registerUser(server.url, 'stranger');
      expect(await markRead(stranger.accessToken, room.id, { seq: 1 })).toEqual({ status: 403, body: errorBody('not_room_member') });
      expect(await setMuted(stranger.accessToken, room.id, { muted: true })).toEqual({ status: 403, body: errorBody('not_room_member') });
    });

    it('answers a private room’s outsider exactly as for a room that does not exist', async () => {
      const alice = await registerUser(server.url, 'alice');
      const bob = await registerUser(server.url, 'bob');
      const outsider = await registerUser(server.url, 'outsider');
      const room = await createRoom(server.url, alice.accessToken, { name: 'hidden', visibility: 'private' });
      await joinPrivate(server.url, alice.accessToken, bob.accessToken, room.id);
      const outsiderSocket = await open(outsider);
      for (const [path, body] of [['read', { seq: 1 }], ['notifications', { muted: true }]] as const) {
        const probe = await api(server.url, 'PUT', `/api/rooms/${room.id}/${path}`, { token: outsider.accessToken, body });
        const control = await api(server.url, 'PUT', `/api/rooms/${randomUUID()}/${path}`, { token: outsider.accessToken, body });
        expect(probe).toEqual({ status: 404, body: errorBody('room_not_found') });
        expect(probe).toEqual(control);
      }
      await settle(outsiderSocket);
      expect(outsiderSocket.frames.filter((f) => f.type === 'membership.updated')).toEqual([]);
    });

    it.each([
      ['a negative seq', 'read', { seq: -1 }, 'body.seq'],
      ['a fractional seq', 'read', { seq: 1.5 }, 'body.seq'],
      ['a missing seq', 'read', {}, 'body'],
      ['an extra field', 'read', { seq: 1, all: true }, 'body'],
      ['a string for muted', 'notifications', { muted: 'yes' }, 'body.muted'],
      ['a missing muted', 'notifications', {}, 'body'],
    ])('refuses %s with invalid_request naming the field', async (_what, path, body, field) => {
      const { bob, room } = await pair();
      const res = await api(server.url, 'PUT', `/api/rooms/${room.id}/${path}`, { token: bob.accessToken, body });
      expect(res).toEqual({ status: 400, body: invalidRequest(field) });
    });
  });
}
