import { sql, type Kysely } from 'kysely';
import type { UserRef } from '@parley/protocol';
import type { AdminRoomQuery, AdminRoomRepository, AdminRoomRow } from './admin-types.js';
import { likeAnywhere } from './admin-user-repository.js';
import { toMillis } from './dialect.js';
import { toRoom } from './room-repository.js';
import type { Database } from './schema.js';
import { toUserRef } from './user-ref.js';

/**
 * Live rooms with their counts. The message count is rooms.last_seq (seqs have no gaps), and the last
 * message's time is one unique-index lookup on (room_id, last_seq): nothing scans a room's messages.
 */
function selectRooms(db: Kysely<Database>) {
  const rooms = db
    .selectFrom('rooms as r')
    .selectAll('r')
    .select((eb) =>
      eb.selectFrom('messages as m').select('m.created_at').whereRef('m.room_id', '=', 'r.id').whereRef('m.seq', '=', 'r.last_seq').as('last_message_at'),
    )
    .select((eb) => eb.selectFrom('room_members as rm').select((e) => e.fn.countAll().as('n')).whereRef('rm.room_id', '=', 'r.id').as('member_count'))
    .where('r.deleted_at', 'is', null);
  return db.selectFrom(rooms.as('t')).selectAll('t');
}

/** What the list is ordered by: the newest message, or the creation of a room that has none. */
const activity = sql<number | string>`coalesce(t.last_message_at, t.created_at)`;

type Row = Awaited<ReturnType<ReturnType<typeof selectRooms>['executeTakeFirstOrThrow']>>;

function toRow(row: Row, owner: UserRef | null): AdminRoomRow {
  return {
    ...toRoom(row),
    owner,
    memberCount: Number(row.member_count ?? 0),
    lastMessageAt: toMillis(row.last_message_at as number | string | null),
  };
}

export function createAdminRoomRepository(db: Kysely<Database>): AdminRoomRepository {
  /** The owners of these rooms, in one query. */
  async function owners(roomIds: string[]): Promise<Map<string, UserRef>> {
    if (roomIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('room_members as rm')
      .innerJoin('users as u', 'u.id', 'rm.user_id')
      .select(['rm.room_id', 'u.id', 'u.username', 'u.display_name', 'u.avatar_small', 'u.avatar_large'])
      .where('rm.role', '=', 'owner')
      .where('rm.room_id', 'in', roomIds)
      .execute();
    const ref = (r: (typeof rows)[number]) =>
      toUserRef({ id: r.id, username: r.username, displayName: r.display_name, avatarSmall: r.avatar_small, avatarLarge: r.avatar_large });
    return new Map(rows.map((r) => [r.room_id, ref(r)]));
  }

  async function withOwners(rows: Row[]): Promise<AdminRoomRow[]> {
    const byRoom = await owners(rows.map((r) => r.id));
    return rows.map((r) => toRow(r, byRoom.get(r.id) ?? null));
  }

  return {
    async list({ search, type, after, limit }: AdminRoomQuery) {
      let q = selectRooms(db);
      if (type !== 'all') q = q.where('t.kind', '=', type);
      // Room names have no folded column: lower() folds ASCII alike everywhere; CJK has no case.
      if (search) q = q.where(sql<boolean>`lower(t.name) like ${likeAnywhere(search.toLowerCase())} escape '!'`);
      if (after) q = q.where(sql<boolean>`(${activity} < ${after.activityAt} or (${activity} = ${after.activityAt} and t.id < ${after.id}))`);
      const rows = await q.orderBy(activity, 'desc').orderBy('t.id', 'desc').limit(limit).execute();
      return withOwners(rows);
    },
    async find(roomId) {
      const row = await selectRooms(db).where('t.id', '=', roomId).executeTakeFirst();
      return row && (await withOwners([row]))[0];
    },
  };
}
