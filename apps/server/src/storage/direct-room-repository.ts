import type { Kysely } from 'kysely';
import type { UserRef } from '@parley/protocol';
import type { DirectRoomRepository } from './direct-room-types.js';
import type { Database } from './schema.js';
import { toUserRef } from './user-ref.js';

export function createDirectRoomRepository(db: Kysely<Database>): DirectRoomRepository {
  return {
    async create(room) {
      const r = await db
        .insertInto('rooms')
        .values({
          id: room.id,
          name: '',
          description: '',
          visibility: 'private',
          kind: 'direct',
          direct_key: room.key,
          created_by: room.createdBy,
          created_at: room.createdAt,
          deleted_at: null,
        })
        // Both dialects: on PostgreSQL a racing insert blocks on the unique index until the winner
        // commits, then does nothing, so exactly one conversation per member set survives.
        .onConflict((oc) => oc.column('direct_key').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async findIdByKey(key) {
      const row = await db
        .selectFrom('rooms')
        .select('id')
        .where('direct_key', '=', key)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return row?.id;
    },
    async retireKey(roomId) {
      await db.updateTable('rooms').set({ direct_key: null }).where('id', '=', roomId).where('kind', '=', 'direct').execute();
    },
    async listMembers(roomIds) {
      const byRoom = new Map<string, UserRef[]>();
      if (roomIds.length === 0) return byRoom;
      const rows = await db
        .selectFrom('room_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.room_id', 'u.id', 'u.username', 'u.display_name', 'u.avatar_small', 'u.avatar_large'])
        .where('m.room_id', 'in', roomIds)
        .orderBy('m.room_id')
        .orderBy('m.joined_at')
        .orderBy('u.id')
        .execute();
      for (const r of rows) {
        const ref = toUserRef({ id: r.id, username: r.username, displayName: r.display_name, avatarSmall: r.avatar_small, avatarLarge: r.avatar_large });
        const list = byRoom.get(r.room_id);
        if (list) list.push(ref);
        else byRoom.set(r.room_id, [ref]);
      }
      return byRoom;
    },
  };
}
