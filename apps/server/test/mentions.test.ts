import { randomUUID } from 'node:crypto';
import type { AuthSession, MemberList, MembershipState, Message, RoomList } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import type { Account } from './helpers/bodies.js';
import { cast, history, join } from './helpers/cast.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';
import { redisAvailable } from './helpers/redis.js';
import { twoInstancesPerSuite } from './helpers/two-instances.js';
import { settle } from './helpers/settle.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect, type TestClient } from './helpers/ws-client.js';

// Mentions (issue #9): @name, @here and @all on send, and each member's mention count, on every dialect.
for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`mentions on ${dialect.name}`, () => {
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

    const open = async (a: Account, subscriptions: Array<{ roomId: string; afterSeq?: number }> = []) => {
      const socket = await connect(server.wsUrl, a.accessToken, subscriptions);
      sockets.push(socket);
      for (const s of subscriptions) await socket.next('room.subscribed', (f) => f.roomId === s.roomId);
      return socket;
    };
    const sendAs = async (a: Account, roomId: string, body: string): Promise<Message> => {
      const socket = await open(a);
      const ack = await socket.request({ type: 'message.send', roomId, clientMsgId: randomUUID(), body });
      if (ack.type !== 'message.acked') throw new Error(`send failed: ${JSON.stringify(ack)}`);
      await socket.close();
      const stored = (await history(server.url, a.accessToken, roomId)).find((m) => m.seq === ack.seq);
      if (!stored) throw new Error(`seq ${ack.seq} not in history`);
      return stored;
    };
    const mentionCount = async (a: Account, roomId: string) =>
      (await api<RoomList>(server.url, 'GET', '/api/rooms', { token: a.accessToken })).body.rooms.find((r) => r.id === roomId)?.mentionCount;
    const counts = (roomId: string, ...accounts: Account[]) => Promise.all(accounts.map((a) => mentionCount(a, roomId)));
    const markRead = (a: Account, roomId: string, seq: number) =>
      api<MembershipState>(server.url, 'PUT', `/api/rooms/${roomId}/read`, { token: a.accessToken, body: { seq } });
    const username = (a: Account) => a.user.username;

    it('mentions a member by name live and in history, counts it for them only, and clears on read', async () => {
      const { owner, admin, member, room } = await cast(server.url);
      const watcher = await open(member, [{ roomId: room.id }]);
      const sent = await sendAs(owner, room.id, `hi @${username(member).toUpperCase()}, see this`);
      const live = await watcher.next('message.created', (f) => f.message.seq === sent.seq);
      expect(live.message.mentions).toEqual([member.user.id]);
      expect(live.message.mentionsAll).toBeUndefined();
      expect(sent.mentions).toEqual([member.user.id]);
      expect(await counts(room.id, member, admin, owner)).toEqual([1, 0, 0]);

      const read = await markRead(member, room.id, sent.seq);
      expect(read).toEqual({ status: 200, body: { roomId: room.id, lastReadSeq: sent.seq, unreadCount: 0, mentionCount: 0, muted: false } });
      expect(await watcher.next('membership.updated', (f) => f.roomId === room.id)).toMatchObject({ lastReadSeq: sent.seq, mentionCount: 0 });
      expect(await counts(room.id, member)).toEqual([0]);
    });

    it('reports the mention count in the read and notifications answers before the marker passes it', async () => {
      const { owner, member, room } = await cast(server.url);
      const first = await sendAs(owner, room.id, `@${username(member)} one`);
      const second = await sendAs(owner, room.id, `@${username(member)} two`);
      expect((await markRead(member, room.id, first.seq)).body).toMatchObject({ unreadCount: 1, mentionCount: 1 });
      const muted = await api<MembershipState>(server.url, 'PUT', `/api/rooms/${room.id}/notifications`, { token: member.accessToken, body: { muted: true } });
      expect(muted.body).toEqual({ roomId: room.id, lastReadSeq: first.seq, unreadCount: 1, mentionCount: 1, muted: true });
      expect((await markRead(member, room.id, second.seq)).body).toMatchObject({ unreadCount: 0, mentionCount: 0 });
    });

    it('treats @all and @here from a plain member as text: no mentionsAll, no counts', async () => {
      const { owner, admin, member, room } = await cast(server.url);
      const sent = await sendAs(member, room.id, '@all @here lunch?');
      expect(sent.mentionsAll).toBeUndefined();
      expect(sent.mentions).toBeUndefined();
      expect(await counts(room.id, owner, admin, member)).toEqual([0, 0, 0]);
    });

    it('counts @all from an admin for every member but the sender', async () => {
      const { owner, admin, member, room } = await cast(server.url);
      const sent = await sendAs(admin, room.id, 'release in 5 minutes @all');
      expect(sent.mentionsAll).toBe('all');
      expect(await counts(room.id, owner, member, admin)).toEqual([1, 1, 0]);
    });

    it('counts @here only for members online when it was sent', async () => {
      const { owner, admin, member, room } = await cast(server.url);
      await open(member); // online; the admin is not
      const sent = await sendAs(owner, room.id, '@here standup now');
      expect(sent.mentionsAll).toBe('here');
      expect(await counts(room.id, member, admin, owner)).toEqual([1, 0, 0]);
    });

    it('ignores names of non-members and names inside code', async () => {
      const { owner, member, outsider, room } = await cast(server.url);
      const sent = await sendAs(owner, room.id, `@${username(outsider)} and \`@${username(member)}\` and\n\`\`\`\n@${username(member)}\n\`\`\``);
      expect(sent.mentions).toBeUndefined();
      expect(await counts(room.id, outsider, member)).toEqual([0, 0]);
    });

    it('mentions a Chinese username, also when text follows without a space', async () => {
      const name = `小明同学${process.pid}${Math.floor(Math.random() * 1e6)}`;
      const res = await api<AuthSession>(server.url, 'POST', '/api/auth/register', { body: { username: name, password: 'correct horse battery' } });
      expect(res.status).toBe(201);
      const xm = { ...res.body, password: 'correct horse battery' } as Account;
      const { owner, room } = await cast(server.url);
      expect((await join(server.url, xm.accessToken, room.id)).status).toBe(200);
      expect((await sendAs(owner, room.id, `@${name} 你好`)).mentions).toEqual([xm.user.id]);
      expect((await sendAs(owner, room.id, `请看一下，@${name}明天开会`)).mentions).toEqual([xm.user.id]);
      expect(await counts(room.id, xm)).toEqual([2]);
    });

    it('keeps every mention when many sends share group-commit transactions', async () => {
      const alice = await registerUser(server.url, 'alice');
      const bob = await registerUser(server.url, 'bob');
      const room = await createRoom(server.url, alice.accessToken, { name: 'busy' });
      expect((await join(server.url, bob.accessToken, room.id)).status).toBe(200);
      const senders = await Promise.all([0, 1, 2, 3].map(() => open(alice)));
      const n = 40;
      const acks = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          senders[i % senders.length]!.request({ type: 'message.send', roomId: room.id, clientMsgId: `m${i}`, body: `${i} @${username(bob)}` }),
        ),
      );
      expect(acks.every((a) => a.type === 'message.acked')).toBe(true);
      const stored = (await history(server.url, bob.accessToken, room.id)).filter((m) => m.kind === 'text');
      expect(stored).toHaveLength(n);
      expect(stored.every((m) => m.mentions?.[0] === bob.user.id && m.mentions.length === 1)).toBe(true);
      expect(await counts(room.id, bob)).toEqual([n]);
    });

    it('moves the count with an edit, and never counts again for a member who already read it', async () => {
      const { owner, admin, member, room } = await cast(server.url);
      const sent = await sendAs(owner, room.id, `@${username(member)} can you look?`);
      const edit = (body: string) => api<Message>(server.url, 'PATCH', `/api/rooms/${room.id}/messages/${sent.id}`, { token: owner.accessToken, body: { body } });
      expect(await counts(room.id, member, admin)).toEqual([1, 0]);
      expect((await edit(`@${username(admin)} can you look?`)).body.mentions).toEqual([admin.user.id]);
      expect(await counts(room.id, member, admin)).toEqual([0, 1]);
      await markRead(admin, room.id, sent.seq);
      await edit(`@${username(admin)} @${username(member)} can you look?`);
      // The admin had read the message already: naming them again adds nothing.
      expect(await counts(room.id, member, admin)).toEqual([1, 0]);
      expect((await edit('never mind')).body.mentions).toBeUndefined();
      expect(await counts(room.id, member, admin)).toEqual([0, 0]);
    });

    it('carries @all gained or lost by an edit in the message.edited update', async () => {
      const { owner, room } = await cast(server.url);
      const sent = await sendAs(owner, room.id, 'deploy at five');
      const edit = (body: string) => api<Message>(server.url, 'PATCH', `/api/rooms/${room.id}/messages/${sent.id}`, { token: owner.accessToken, body: { body } });
      expect((await edit('@all deploy at five')).body.mentionsAll).toBe('all');
      expect((await edit('deploy at six')).body.mentionsAll).toBeUndefined();
      const updates = (await history(server.url, owner.accessToken, room.id)).filter((m) => m.kind === 'update').map((m) => m.event);
      expect(updates).toEqual([
        expect.objectContaining({ type: 'message.edited', body: '@all deploy at five', mentionsAll: 'all' }),
        expect.objectContaining({ type: 'message.edited', body: 'deploy at six' }),
      ]);
      expect(updates[1]).not.toHaveProperty('mentionsAll');
    });

    it('stops counting a mention once its message is deleted', async () => {
      const { owner, member, room } = await cast(server.url);
      const sent = await sendAs(owner, room.id, `@${username(member)} oops`);
      expect(await counts(room.id, member)).toEqual([1]);
      const res = await api(server.url, 'DELETE', `/api/rooms/${room.id}/messages/${sent.id}`, { token: owner.accessToken });
      expect(res.status).toBe(204);
      expect(await counts(room.id, member)).toEqual([0]);
    });

    it('replays a mention to a member who was offline when it was sent', async () => {
      const { owner, member, room } = await cast(server.url);
      const before = (await history(server.url, member.accessToken, room.id)).at(-1)!.seq;
      const sent = await sendAs(owner, room.id, `@${username(member)} while you were away`);
      const back = await open(member, [{ roomId: room.id, afterSeq: before }]);
      expect(back.messages(room.id)).toEqual([expect.objectContaining({ seq: sent.seq, mentions: [member.user.id] })]);
      await settle(back);
    });
  });
}

const postgres = DIALECTS.find((d) => d.name === 'postgres')!; // always listed; `available` says whether it runs

describe.skipIf(!redisAvailable || !postgres.available)('@here across two instances', () => {
  const pair = twoInstancesPerSuite(postgres);

  it('counts @here for a member whose only socket is on the other instance', async () => {
    const { a, b } = pair;
    const owner = await registerUser(a.url, 'owner');
    const bob = await registerUser(a.url, 'bob');
    const carol = await registerUser(a.url, 'carol');
    const room = await createRoom(a.url, owner.accessToken);
    for (const m of [bob, carol]) expect((await join(a.url, m.accessToken, room.id)).status).toBe(200);
    const onB = await connect(b.wsUrl, bob.accessToken);
    // Instance A learns of Bob's socket through Redis; wait until it lists him online.
    for (let i = 0; ; i++) {
      const { body } = await api<MemberList>(a.url, 'GET', `/api/rooms/${room.id}/members`, { token: owner.accessToken });
      if (body.members.find((m) => m.user.id === bob.user.id)?.online) break;
      if (i > 200) throw new Error('bob never showed online on instance A');
      await new Promise((r) => setTimeout(r, 25));
    }
    const onA = await connect(a.wsUrl, owner.accessToken);
    const ack = await onA.request({ type: 'message.send', roomId: room.id, clientMsgId: randomUUID(), body: '@here deploy starts' });
    expect(ack.type).toBe('message.acked');
    const count = async (acc: Account) =>
      (await api<RoomList>(a.url, 'GET', '/api/rooms', { token: acc.accessToken })).body.rooms.find((r) => r.id === room.id)?.mentionCount;
    expect([await count(bob), await count(carol)]).toEqual([1, 0]);
    await Promise.all([onA.close(), onB.close()]);
  });
});
