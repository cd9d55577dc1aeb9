import type { HistoryPage, Message, Room, RoomList } from '@parley/protocol';
import { api, createRoom, joinPrivate, registerUser } from './api.js';
import type { Account } from './bodies.js';
import { png, textBytes, uploaded, upload } from './uploads.js';
import { connect, type TestClient } from './ws-client.js';

/** What a populated instance holds, for the comparisons. */
export interface Population {
  users: Account[];
  /** A personal access token (read + write) of the first user. */
  pat: string;
  /** Search terms that hit messages, Chinese included. */
  searches: string[];
}

async function ok<T>(res: Promise<{ status: number; body: T }>, what: string, expected = [200, 201, 204]): Promise<T> {
  const r = await res;
  if (!expected.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function send(client: TestClient, roomId: string, body: string, extra: Record<string, unknown> = {}): Promise<Message> {
  const clientMsgId = `m${Math.random().toString(36).slice(2)}`;
  const reply = await client.request({ type: 'message.send', roomId, clientMsgId, body, ...extra } as never);
  if (reply.type === 'error') throw new Error(`send failed: ${JSON.stringify(reply)}`);
  return (await client.next('message.created', (f) => f.message.clientMsgId === clientMsgId)).message;
}

/** Alice (the instance admin), Bob, Carol and Dave. */
type Cast = [Account, Account, Account, Account];

/** Four accounts, registered one after another so the first becomes the instance admin. */
async function accounts(url: string): Promise<Cast> {
  const users: Account[] = [];
  for (const prefix of ['alice', 'bob', 'carol', 'dave']) users.push(await registerUser(url, prefix));
  const names = ['爱丽丝 🌸', 'Bob 🚀', '王小明', 'Dave'];
  for (const [i, u] of users.entries()) {
    await ok(api(url, 'PATCH', '/api/me', { token: u.accessToken, body: { displayName: names[i], statusText: i === 0 ? '在开会 ☕' : '', bio: `bio ${i} — 你好` } }), 'profile');
  }
  const cast = users as Cast;
  await ok(upload(url, cast[0].accessToken, await png(64, 64, '#c33'), 'me.png', '/api/me/avatar', 'PUT', 'image/png'), 'avatar');
  return cast;
}

/** A public hall everyone joined, a private room with an open invite, and a direct conversation. */
async function rooms(url: string, [alice, bob, carol, dave]: Cast): Promise<{ hall: Room; secret: Room; dm: Room }> {
  const hall = await createRoom(url, alice.accessToken, { name: '大厅 🏮', description: 'General chat，欢迎' });
  const secret = await createRoom(url, alice.accessToken, { name: 'secret 🔒', visibility: 'private' });
  for (const u of [bob, carol, dave]) await ok(api(url, 'POST', `/api/rooms/${hall.id}/join`, { token: u.accessToken }), 'join');
  await joinPrivate(url, alice.accessToken, carol.accessToken, secret.id);
  await ok(api(url, 'POST', `/api/rooms/${secret.id}/invites`, { token: alice.accessToken, body: { expiresInHours: 24 } }), 'invite');
  const dm = await ok(api<Room>(url, 'POST', '/api/direct', { token: alice.accessToken, body: { userIds: [bob.user.id] } }), 'direct');
  return { hall, secret, dm };
}

/** Messages of every kind, then edits, a deletion, reactions and a pin. */
async function conversation(url: string, wsUrl: string, [alice, bob, carol, dave]: Cast, { hall, secret, dm }: { hall: Room; secret: Room; dm: Room }): Promise<void> {
  const a = await connect(wsUrl, alice.accessToken, [{ roomId: hall.id }, { roomId: secret.id }, { roomId: dm.id }]);
  const b = await connect(wsUrl, bob.accessToken, [{ roomId: hall.id }, { roomId: dm.id }]);
  try {
    const first = await send(a, hall.id, '我们的数据库挂了 🔥 **help**');
    await send(b, hall.id, `@${alice.user.username} on it 👍`, { replyToId: first.id });
    const edited = await send(b, hall.id, 'deploy at five');
    const doomed = await send(a, hall.id, 'this will be deleted: 秘密');
    const image = await uploaded(url, alice.accessToken, await png(300, 200), 'whiteboard 白板.png');
    const file = await uploaded(url, bob.accessToken, textBytes('notes, 笔记\n'), 'notes.txt');
    await send(a, hall.id, 'the whiteboard', { kind: 'image', attachmentIds: [image.id] });
    await send(b, hall.id, '', { kind: 'file', attachmentIds: [file.id] });
    for (let i = 0; i < 40; i++) await send(i % 2 ? a : b, hall.id, `message ${i} 第${i}条 @all`.slice(0, i % 3 ? 12 : 40));
    await send(a, secret.id, 'private plans 私密计划');
    await send(a, dm.id, 'hi bob, 只给你看');
    await send(b, dm.id, 'hi alice 😀');
    await ok(api(url, 'PATCH', `/api/rooms/${hall.id}/messages/${edited.id}`, { token: bob.accessToken, body: { body: 'deploy at six 六点' } }), 'edit');
    await ok(api(url, 'DELETE', `/api/rooms/${hall.id}/messages/${doomed.id}`, { token: alice.accessToken }), 'delete');
    for (const [u, emoji] of [[bob, '👍'], [carol, '👍'], [alice, '❤️'], [dave, '🎉']] as const) {
      await ok(api(url, 'PUT', `/api/rooms/${hall.id}/messages/${first.id}/reactions/${encodeURIComponent(emoji)}`, { token: u.accessToken }), 'react');
    }
    await ok(api(url, 'PUT', `/api/rooms/${hall.id}/pins/${first.id}`, { token: alice.accessToken }), 'pin');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

/**
 * Fills a running server through its real API with everything an instance stores: accounts with
 * Chinese and emoji names, avatars, public and private rooms and a direct conversation, messages
 * with uploads, replies, mentions, edits, deletions, reactions and pins, read markers and mutes,
 * invites, bans, a webhook and its post, a personal access token, and the audit entries all that writes.
 */
export async function populate(url: string, wsUrl: string): Promise<Population> {
  const users = await accounts(url);
  const [alice, , carol, dave] = users;
  const { hall, secret, dm } = await rooms(url, users);
  await conversation(url, wsUrl, users, { hall, secret, dm });
  const hook = await ok(api<{ url: string }>(url, 'POST', `/api/rooms/${hall.id}/webhooks`, { token: alice.accessToken, body: { name: 'CI 构建' } }), 'webhook');
  const posted = await fetch(url + hook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'build #42 passed ✅' }) });
  if (posted.status !== 200) throw new Error(`hook post: ${posted.status}`);
  await ok(api(url, 'PUT', `/api/rooms/${hall.id}/bans/${dave.user.id}`, { token: alice.accessToken, body: { reason: '刷屏 spam' } }), 'ban');
  const list = await ok(api<RoomList>(url, 'GET', '/api/rooms', { token: carol.accessToken }), 'rooms');
  const hallNow = list.rooms.find((r) => r.id === hall.id)!;
  await ok(api(url, 'PUT', `/api/rooms/${hall.id}/read`, { token: carol.accessToken, body: { seq: Math.floor(hallNow.lastSeq / 2) } }), 'read');
  await ok(api(url, 'PUT', `/api/rooms/${hall.id}/notifications`, { token: carol.accessToken, body: { muted: true } }), 'mute');
  const created = await ok(
    api<{ token: string }>(url, 'POST', '/api/me/access-tokens', { token: alice.accessToken, body: { name: '脚本 bot', scopes: ['read', 'write'] } }),
    'pat',
  );
  return { users, pat: created.token, searches: ['数据库', 'deploy', '六点', 'message', 'whiteboard', 'passed', '秘密'] };
}

/** Every page of a room's history, oldest first, 100 at a time. */
async function fullHistory(url: string, token: string, roomId: string): Promise<Message[]> {
  const all: Message[] = [];
  let after = 0;
  for (;;) {
    const page = await ok(api<HistoryPage>(url, 'GET', `/api/rooms/${roomId}/messages?after=${after}&limit=100`, { token }), 'history');
    all.push(...page.messages);
    if (!page.hasMore || page.messages.length === 0) return all;
    after = page.messages[page.messages.length - 1]!.seq;
  }
}

/**
 * Everything each user sees through the API: profile, room list, and per room the full history,
 * members, pins, edit histories, webhooks, invites, bans and audit; search results; the audit log.
 * Presence (online flags and counts) is left out: it is live state, not stored data.
 */
export async function apiView(url: string, population: Population): Promise<unknown> {
  const view: Record<string, unknown> = {};
  for (const [i, u] of population.users.entries()) {
    const token = u.accessToken;
    const me = await ok(api(url, 'GET', '/api/me', { token }), 'me');
    const list = await ok(api<RoomList>(url, 'GET', '/api/rooms', { token }), 'rooms');
    const rooms = list.rooms.map(({ onlineCount: _online, ...room }) => room).sort((x, y) => x.id.localeCompare(y.id));
    const details: Record<string, unknown> = {};
    for (const room of rooms.filter((r) => r.myRole !== null)) {
      const history = await fullHistory(url, token, room.id);
      const members = await ok(api<{ members: Array<{ online?: boolean }> }>(url, 'GET', `/api/rooms/${room.id}/members`, { token }), 'members');
      const extra: Record<string, unknown> = {};
      for (const path of ['pins', 'webhooks', 'invites', 'bans', 'audit']) {
        const r = await api(url, 'GET', `/api/rooms/${room.id}/${path}`, { token });
        extra[path] = { status: r.status, body: r.body };
      }
      const edits: Record<string, unknown> = {};
      for (const m of history.filter((h) => h.editedAt || h.deletedAt)) {
        edits[m.id] = (await api(url, 'GET', `/api/rooms/${room.id}/messages/${m.id}/edits`, { token })).body;
      }
      details[room.id] = { history, members: members.members.map(({ online: _o, ...m }) => m), extra, edits };
    }
    const search: Record<string, unknown> = {};
    for (const q of population.searches) search[q] = (await api(url, 'GET', `/api/search?q=${encodeURIComponent(q)}&limit=50`, { token })).body;
    const frequent = (await api(url, 'GET', '/api/me/reactions/frequent', { token })).body;
    view[`user${i}`] = { me, rooms, details, search, frequent, adminAudit: (await api(url, 'GET', '/api/admin/audit?limit=100', { token })).body };
  }
  return view;
}
