import type { Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers/api.js';
import { errorFrame, userRef } from './helpers/bodies.js';
import { cast } from './helpers/cast.js';
import { settle } from './helpers/settle.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

// What sockets hear of bans and ownership transfers: the banned user's stream ends at the ban, and
// everyone else gets the system messages live and on resume.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) => api<T>(server.url, method, path, { token, body });

describe.each(['public', 'private'] as const)('a ban in a %s room, live', (visibility) => {
  it('ends the banned member’s stream at member.banned with room.unsubscribed, then sends nothing of the room', async () => {
    const { owner, admin, member, outsider, room } = await cast(server.url, visibility);
    const banned = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    const ownerSocket = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
    const watcher = await connect(server.wsUrl, admin.accessToken, [{ roomId: room.id }]);
    await Promise.all([banned.next('room.subscribed'), ownerSocket.next('room.subscribed'), watcher.next('room.subscribed')]);

    expect((await call('PUT', `/api/rooms/${room.id}/bans/${member.user.id}`, owner.accessToken, { reason: 'spam' })).status).toBe(200);
    const last = await banned.next('message.created');
    expect(last.message.event).toEqual({ type: 'member.banned', user: userRef(member), by: userRef(owner) });
    expect(last.message.body).toBe(`${member.user.displayName} was banned by ${owner.user.displayName}`);
    expect(await banned.next('room.unsubscribed')).toEqual({ type: 'room.unsubscribed', roomId: room.id, reason: 'banned' });
    const seen = banned.frames.length;

    // The room goes on: presence, a message, typing, and a newcomer coming online, each seen by a member who stayed.
    await watcher.next('presence.updated', (f) => f.offline.includes(member.user.id));
    await ownerSocket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'after-ban', body: 'gone?' });
    await watcher.next('message.created', (f) => f.message.clientMsgId === 'after-ban');
    ownerSocket.send({ type: 'typing.start', roomId: room.id });
    await watcher.next('typing.updated', (f) => f.user.id === owner.user.id);
    if (visibility === 'public') expect((await call('POST', `/api/rooms/${room.id}/join`, outsider.accessToken, {})).status).toBe(200);
    else {
      const invite = await call<{ code: string }>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, {});
      expect((await call('POST', `/api/rooms/${room.id}/join`, outsider.accessToken, { inviteCode: invite.body.code })).status).toBe(200);
    }
    const newcomer = await connect(server.wsUrl, outsider.accessToken, [{ roomId: room.id }]);
    await watcher.next('presence.updated', (f) => f.online.includes(outsider.user.id));
    await settle(banned);
    expect(banned.frames.slice(seen)).toEqual([{ type: 'session.pong', ref: expect.any(String) }]);

    // Subscribing again is refused as for any non-member: a private room stays unknown.
    const code = visibility === 'public' ? 'not_room_member' : 'room_not_found';
    expect(await banned.request({ type: 'room.subscribe', roomId: room.id })).toEqual(errorFrame(code, { ref: expect.any(String), roomId: room.id }));
    expect(await banned.request({ type: 'message.send', roomId: room.id, clientMsgId: 'sneak', body: 'hi' })).toEqual(errorFrame(code, { ref: expect.any(String) }));
    expect(await banned.request({ type: 'typing.start', roomId: room.id })).toEqual(errorFrame('room_not_found', { ref: expect.any(String) }));
    await settle(watcher);
    expect(watcher.frames.filter((f) => f.type === 'typing.updated' && f.user.id === member.user.id)).toEqual([]);
    expect(watcher.messages(room.id).filter((m) => m.clientMsgId === 'sneak')).toEqual([]);
    await Promise.all([banned.close(), ownerSocket.close(), watcher.close(), newcomer.close()]);
  });
});

describe('replay on resume', () => {
  it('replays member.banned and room.owner-transferred to a member who was offline, in order', async () => {
    const { owner, admin, member, room } = await cast(server.url, 'private');
    await call('PUT', `/api/rooms/${room.id}/bans/${member.user.id}`, owner.accessToken);
    await call('POST', `/api/rooms/${room.id}/transfer`, owner.accessToken, { userId: admin.user.id });
    const resumed = await connect(server.wsUrl, admin.accessToken, [{ roomId: room.id, afterSeq: 4 }]);
    await resumed.next('room.subscribed');
    expect(resumed.messages(room.id).map((m) => [m.seq, m.event])).toEqual([
      [5, { type: 'member.banned', user: userRef(member), by: userRef(owner) }],
      [6, { type: 'room.owner-transferred', from: userRef(owner), to: userRef(admin) }],
    ]);
    await resumed.close();
  });

  it('delivers room.owner-transferred live, and the new roles hold at once', async () => {
    const { owner, admin, member, room } = await cast(server.url);
    const watcher = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    await watcher.next('room.subscribed');
    const res = await call<Room>('POST', `/api/rooms/${room.id}/transfer`, owner.accessToken, { userId: admin.user.id });
    expect(res.body.myRole).toBe('admin');
    const live = await watcher.next('message.created');
    expect(live.message.event).toEqual({ type: 'room.owner-transferred', from: userRef(owner), to: userRef(admin) });
    expect(live.message.body).toBe(`${owner.user.displayName} made ${admin.user.displayName} the owner`);
    await watcher.close();
  });
});
