import type { Kysely, Selectable } from 'kysely';
import type { RoomRole, RoomVisibility } from '@parley/protocol';
import { toMillis } from './dialect.js';
import type { Database, RoomsTable } from './schema.js';
import type { RoomRecord, RoomRepository } from './types.js';

function toRoom(row: Selectable<RoomsTable>): RoomRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    visibility: row.visibility as RoomVisibility,
    lastSeq: Number(row.last_seq),
    createdAt: toMillis(row.created_at)!, // NOT NULL column
    deletedAt: toMillis(row.deleted_at),
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
      const rows = await db
        .selectFrom('rooms as r')
        .leftJoin('room_members as me', (j) => j.onRef('me.room_id', '=', 'r.id').on('me.user_id', '=', userId))
        .selectAll('r')
        .select('me.role as my_role')
        .select((eb) =>
          eb
            .selectFrom('room_members as m')
            .select((e) => e.fn.countAll().as('n'))
            .whereRef('m.room_id', '=', 'r.id')
            .as('member_count'),
        )
        .where('r.deleted_at', 'is', null)
        .where((eb) => eb.or([eb('r.visibility', '=', 'public'), eb('me.user_id', 'is not', null)]))
        .orderBy('r.name')
        .orderBy('r.id')
        .execute();
      return rows.map((row) => ({
        ...toRoom(row),
        memberCount: Number(row.member_count ?? 0),
        myRole: (row.my_role ?? null) as RoomRole | null,
      }));
    },
    async countMembers(roomId) {
      const row = await db
        .selectFrom('room_members')
        .select((e) => e.fn.countAll().as('n'))
        .where('room_id', '=', roomId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
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
