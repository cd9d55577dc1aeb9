import { sql, type Kysely, type Selectable } from 'kysely';
import type { RoomRole, RoomType, RoomVisibility } from '@parley/protocol';
import { toMillis } from './dialect.js';
import { mentionCountSql, unreadCountSql } from './read-state.js';
import type { Database, RoomsTable } from './schema.js';
import type { RoomListing, RoomRecord, RoomRepository } from './types.js';

/** A stored room row as the domain sees it; the admin room list reuses it for its rows. */
export function toRoom(row: Selectable<RoomsTable>): RoomRecord {
  return {
    id: row.id,
    kind: row.kind as RoomType,
    name: row.name,
    description: row.description,
    visibility: row.visibility as RoomVisibility,
    lastSeq: Number(row.last_seq),
    createdAt: toMillis(row.created_at)!, // NOT NULL column
    deletedAt: toMillis(row.deleted_at),
  };
}

/** Rooms with the user's membership joined in; member and unread counts are correlated subqueries of the one SELECT. */
function selectListing(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('rooms as r')
    .leftJoin('room_members as me', (j) => j.onRef('me.room_id', '=', 'r.id').on('me.user_id', '=', userId))
    .selectAll('r')
    .select(['me.role as my_role', 'me.last_read_seq as my_last_read_seq', 'me.muted as my_muted'])
    .select((eb) =>
      eb
        .selectFrom('room_members as m')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('m.room_id', '=', 'r.id')
        .as('member_count'),
    )
    .select(unreadCountSql(db, sql.ref('r.id'), sql.ref('me.last_read_seq'), userId).as('unread_count'))
    .select(mentionCountSql(db, sql.ref('r.id'), sql.ref('me.last_read_seq'), userId).as('mention_count'));
}

type ListingRow = Selectable<RoomsTable> & {
  my_role: string | null;
  my_last_read_seq: number | null;
  my_muted: number | null;
  member_count: number | string | bigint | null;
  unread_count: number | string;
  mention_count: number | string;
};

function toListing(row: ListingRow): RoomListing {
  return {
    ...toRoom(row),
    memberCount: Number(row.member_count ?? 0),
    myRole: (row.my_role ?? null) as RoomRole | null,
    lastReadSeq: Number(row.my_last_read_seq ?? 0),
    unreadCount: Number(row.unread_count),
    mentionCount: Number(row.mention_count),
    muted: Number(row.my_muted ?? 0) === 1,
  };
}

export function createRoomRepository(db: Kysely<Database>): RoomRepository {
  return {
    async create(room) {
      await db
        .insertInto('rooms')
        .values({
          id: room.id,
          name: room.name,
          description: room.description,
          visibility: room.visibility,
          created_by: room.createdBy,
          created_at: room.createdAt,
          deleted_at: null,
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRoom(row);
    },
    async listVisibleTo(userId) {
      const rows = await selectListing(db, userId)
        .where('r.deleted_at', 'is', null)
        .where((eb) => eb.or([eb('r.visibility', '=', 'public'), eb('me.user_id', 'is not', null)]))
        .orderBy('r.name')
        .orderBy('r.id')
        .execute();
      return rows.map(toListing);
    },
    async findListing(roomId, userId) {
      const row = await selectListing(db, userId).where('r.id', '=', roomId).executeTakeFirst();
      return row && toListing(row);
    },
    async update(id, patch) {
      await db
        .updateTable('rooms')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.description !== undefined && { description: patch.description }),
        })
        .where('id', '=', id)
        .execute();
    },
    async markDeleted(id, at) {
      await db.updateTable('rooms').set({ deleted_at: at }).where('id', '=', id).execute();
    },
  };
}
