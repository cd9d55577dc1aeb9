import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('real-time messaging', () => {
  it('delivers a sent message to every subscriber and acks the sender with its seq', async () => {
    const alice = await registerUser(server.url, 'alice');
    const bob = await registerUser(server.url, 'bob');
    const room = await createRoom(server.url, alice.accessToken);
    await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken, body: {} });
    const a = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    const b = await connect(server.wsUrl, bob.accessToken, [{ roomId: room.id }]);
    await a.next('room.subscribed');
    await b.next('room.subscribed');

    const ack = await a.request({ type: 'message.send', roomId: room.id, clientMsgId: 'm1', body: '你好, Bob' });
    expect(ack).toEqual({
      type: 'message.acked',
      ref: expect.any(String),
      roomId: room.id,
      clientMsgId: 'm1',
      id: expect.any(String),
      seq: 3,
      duplicate: false,
    });
    const got = await b.next('message.created', (f) => f.message.clientMsgId === 'm1');
    expect(got.message).toMatchObject({ seq: 3, kind: 'text', body: '你好, Bob', sender: { id: alice.user.id } });
    await Promise.all([a.close(), b.close()]);
  });

  it('answers a repeated clientMsgId with the original ack and delivers nothing twice', async () => {
    const alice = await registerUser(server.url, 'alice');
    const room = await createRoom(server.url, alice.accessToken);
    const a = await connect(server.wsUrl, alice.accessToken, [{ roomId: room.id }]);
    await a.next('room.subscribed');
    const first = await a.request({ type: 'message.send', roomId: room.id, clientMsgId: 'same', body: 'once' });
    const second = await a.request({ type: 'message.send', roomId: room.id, clientMsgId: 'same', body: 'once' });
    expect(second).toMatchObject({ type: 'message.acked', duplicate: true, seq: (first as { seq: number }).seq });
    const page = await api<{ messages: unknown[] }>(server.url, 'GET', `/api/rooms/${room.id}/messages`, { token: alice.accessToken });
    expect(page.body.messages).toHaveLength(2);
    await a.close();
  });
});
