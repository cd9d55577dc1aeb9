import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryPage } from '@parley/protocol';
import { api, createRoom, registerUser } from './helpers/api.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ ws: { replayLimit: 10 } });
});
afterAll(async () => {
  await server.close();
});

async function sendMany(token: string, roomId: string, n: number, prefix: string) {
  const c = await connect(server.wsUrl, token);
  for (let i = 0; i < n; i++) {
    const ack = await c.request({ type: 'message.send', roomId, clientMsgId: `${prefix}${i}`, body: `${prefix} ${i}` });
    expect(ack.type).toBe('message.acked');
  }
  await c.close();
}

describe('resume after reconnect', () => {
  it('replays exactly the messages after the given seq, in order, before room.subscribed', async () => {
    const alice = await registerUser(server.url, 'alice');
    const room = await createRoom(server.url, alice.accessToken);
    await sendMany(alice.accessToken, room.id, 5, 'a');
    const c = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id, afterSeq: 3 }]);
    const subscribed = await c.next('room.subscribed');
    expect(c.messages(room.id).map((m) => m.seq)).toEqual([4, 5, 6]);
    expect(subscribed).toEqual({
      type: 'room.subscribed',
      roomId: room.id,
      latestSeq: 6,
      onlineCount: 1,
      onlineUserIds: [alice.user.id],
    });
    const order = c.frames.map((f) => f.type);
    expect(order.lastIndexOf('message.created')).toBeLessThan(order.indexOf('room.subscribed'));
    await c.close();
  });

  it('starts from now when no seq is given, delivering only new messages', async () => {
    const alice = await registerUser(server.url, 'alice');
    const room = await createRoom(server.url, alice.accessToken);
    await sendMany(alice.accessToken, room.id, 2, 'old');
    const c = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    await c.next('room.subscribed');
    await sendMany(alice.accessToken, room.id, 1, 'new');
    const m = await c.next('message.created');
    expect(m.message.body).toBe('new 0');
    expect(c.messages(room.id)).toHaveLength(1);
    await c.close();
  });

  it('asks the client to page history when more was missed than the replay limit, then resumes', async () => {
    const alice = await registerUser(server.url, 'alice');
    const room = await createRoom(server.url, alice.accessToken);
    await sendMany(alice.accessToken, room.id, 15, 'x');
    const c = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id, afterSeq: 1 }]);
    const resync = await c.next('room.resync-required');
    expect(resync).toEqual({ type: 'room.resync-required', roomId: room.id, afterSeq: 1, latestSeq: 16 });
    expect(c.messages(room.id)).toEqual([]);
    const page = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${room.id}/messages?after=1&limit=10`, { token: alice.accessToken });
    expect(page.body.messages.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(page.body.hasMore).toBe(true);
    const reply = await c.request({ type: 'room.subscribe', roomId: room.id, afterSeq: 11 });
    expect(reply).toMatchObject({ type: 'room.subscribed', latestSeq: 16 });
    expect(c.messages(room.id).map((m) => m.seq)).toEqual([12, 13, 14, 15, 16]);
    await c.close();
  });

  it('clamps a resume point beyond the latest seq instead of waiting forever', async () => {
    const alice = await registerUser(server.url, 'alice');
    const room = await createRoom(server.url, alice.accessToken);
    const c = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id, afterSeq: 999 }]);
    expect(await c.next('room.subscribed')).toMatchObject({ latestSeq: 1 });
    await sendMany(alice.accessToken, room.id, 1, 'n');
    expect((await c.next('message.created')).message.seq).toBe(2);
    await c.close();
  });

  it('replays a deleted room to a former member up to its deletion, then ends the stream', async () => {
    const alice = await registerUser(server.url, 'alice');
    const room = await createRoom(server.url, alice.accessToken);
    await api(server.url, 'DELETE', `/api/rooms/${room.id}`, { token: alice.accessToken });
    const c = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id, afterSeq: 1 }]);
    const ended = await c.next('room.unsubscribed');
    expect(ended).toEqual({ type: 'room.unsubscribed', roomId: room.id, reason: 'deleted' });
    expect(c.messages(room.id).map((m) => m.event?.type)).toEqual(['room.deleted']);
    await c.close();
  });
});
