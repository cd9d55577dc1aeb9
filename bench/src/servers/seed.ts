import { randomUUID } from 'node:crypto';
import type { Message, UserRef } from '@parley/protocol';
import { inLanes } from '../lanes.js';
import { openStore } from '@parley/server/dist/storage/db.js';
import { createJwtSigner } from '@parley/server/dist/lib/jwt.js';
import type { Store } from '@parley/server/dist/storage/types.js';
import { seedSearchRooms, type SearchLayout } from './seed-search.js';

/** Rooms and members the scenarios need; user i is the user behind client i. */
export interface Layout {
  users: number;
  rooms: Array<{ id: string; members: readonly number[] }>;
  history: { bigRoomMessages: number; smallRooms: number; smallRoomMessages: number } | undefined;
  search: SearchLayout | undefined;
}

export interface Seeded {
  tokens: string[];
  /** Rooms of the history scenario, all readable by `tokens[0]`. */
  history: { bigRoom: string; smallRooms: string[] } | undefined;
  /** The search scenario's reader (a member of these rooms only) and how long seeding them took. */
  search: { token: string; rooms: string[]; seedSeconds: number } | undefined;
  seedSeconds: number;
}

/** Rows per import transaction. */
const IMPORT_BATCH = 10_000;
/** Parallel single-row writes while creating users and members (PostgreSQL uses its pool; SQLite serializes). */
const WRITE_LANES = 16;

const BODIES = [
  '我们的数据库挂了, 正在切换到备用节点',
  'Deploy finished, all green on staging',
  '下午三点开会讨论新版本的发布计划',
  'Can someone review the migration PR before lunch?',
  '日志里看到很多超时, 可能是网络问题',
];

async function importHistory(store: Store, roomId: string, count: number, sender: UserRef, start: number): Promise<void> {
  for (let seq = 1; seq <= count; seq += IMPORT_BATCH) {
    const batch: Message[] = [];
    for (let s = seq; s < Math.min(seq + IMPORT_BATCH, count + 1); s++) {
      batch.push({
        id: randomUUID(), roomId, seq: s, kind: 'text', body: `${BODIES[s % BODIES.length]!} #${s}`, event: null,
        sender, clientMsgId: null, createdAt: new Date(start + s * 1000).toISOString(),
      });
    }
    await store.messages.importMany(batch);
  }
}

async function createRoom(store: Store, id: string, name: string, owner: string, at: number): Promise<void> {
  await store.rooms.create({ id, name, description: '', visibility: 'public', createdAt: at, createdBy: owner });
}

/**
 * Writes the bench's users, rooms, memberships and history straight through Parley's storage module
 * (same migrations, same repositories), and signs one access token per user with the server's secret:
 * registering 10,000 users through argon2 would measure password hashing, not chat.
 */
export async function seedParley(databaseUrl: string, jwtSecret: string, layout: Layout): Promise<Seeded> {
  const started = Date.now();
  const { store } = await openStore({ databaseUrl, dataDir: '/nonexistent' });
  try {
    const at = Date.now();
    const users = Array.from({ length: layout.users }, (_, i) => ({ id: randomUUID(), username: `bench${i}`, displayName: `Bench ${i}` }));
    // No one logs in as a bench user; the hash is deliberately one argon2 can never match.
    await inLanes(users, WRITE_LANES, (u) => store.users.create({ ...u, bio: '', statusText: '', passwordHash: '!', createdAt: at, avatarSmall: null, avatarLarge: null }));
    for (const [n, room] of layout.rooms.entries()) await createRoom(store, room.id, `bench room ${n}`, users[room.members[0] ?? 0]!.id, at);
    const memberships = layout.rooms.flatMap((room) => room.members.map((m, i) => ({ room: room.id, user: users[m]!.id, role: i === 0 ? ('owner' as const) : ('member' as const) })));
    await inLanes(memberships, WRITE_LANES, (m) => store.members.add(m.room, m.user, m.role, at));
    let history: Seeded['history'];
    if (layout.history) {
      const reader: UserRef = users[0]!;
      const bigRoom = randomUUID();
      await createRoom(store, bigRoom, 'history: big room', reader.id, at);
      await store.members.add(bigRoom, reader.id, 'owner', at);
      await importHistory(store, bigRoom, layout.history.bigRoomMessages, reader, at - layout.history.bigRoomMessages * 1000);
      const smallRooms = Array.from({ length: layout.history.smallRooms }, () => randomUUID());
      for (const id of smallRooms) {
        await createRoom(store, id, 'history: small room', reader.id, at);
        await store.members.add(id, reader.id, 'owner', at);
        await importHistory(store, id, layout.history.smallRoomMessages, reader, at - layout.history.smallRoomMessages * 1000);
      }
      history = { bigRoom, smallRooms };
    }
    const signer = createJwtSigner({ secret: jwtSecret, ttlSeconds: 86_400, issuer: 'parley' });
    // Access tokens are checked against live sessions, so each bench user gets one.
    const tokenFor = async (userId: string) => {
      const sessionId = randomUUID();
      await store.sessions.create({ id: sessionId, userId, createdAt: at, lastUsedAt: at, expiresAt: at + 86_400_000, userAgent: 'bench', ip: '' });
      return (await signer.sign({ userId, sessionId })).token;
    };
    const historySeconds = (Date.now() - started) / 1000;
    let search: Seeded['search'];
    if (layout.search) {
      const searchStarted = Date.now();
      const seeded = await seedSearchRooms(store, layout.search, at);
      search = { token: await tokenFor(seeded.reader.id), rooms: seeded.rooms, seedSeconds: (Date.now() - searchStarted) / 1000 };
    }
    const tokens: string[] = [];
    await inLanes(users.map((u, i) => ({ u, i })), WRITE_LANES, async ({ u, i }) => {
      tokens[i] = await tokenFor(u.id);
    });
    // As a database that had been in use would have: without statistics PostgreSQL plans the first
    // queries after a bulk import on empty-table estimates (seen: search p50 163 ms instead of 5 ms).
    await store.analyze();
    return { tokens, history, search, seedSeconds: historySeconds };
  } finally {
    await store.close();
  }
}
