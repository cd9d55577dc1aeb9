import type { Kysely } from 'kysely';
import { toMillis } from './dialect.js';
import type { Database } from './schema.js';
import type { BanRecord, BanRepository } from './types.js';
import { toUserRef } from './user-ref.js';

function listQuery(db: Kysely<Database>, roomId: string) {
  return db
    .selectFrom('room_bans as b')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .innerJoin('users as m', 'm.id', 'b.banned_by')
    .select([
      'b.room_id',
      'b.reason',
      'b.created_at',
      'u.id as user_id',
      'u.username as user_username',
      'u.display_name as user_display_name',
      'u.avatar_small as user_avatar_small',
      'u.avatar_large as user_avatar_large',
      'm.id as by_id',
      'm.username as by_username',
      'm.display_name as by_display_name',
      'm.avatar_small as by_avatar_small',
      'm.avatar_large as by_avatar_large',
    ])
    .where('b.room_id', '=', roomId);
}

type BanRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

function toBan(row: BanRow): BanRecord {
  return {
    roomId: row.room_id,
    user: toUserRef({
      id: row.user_id,
      username: row.user_username,
      displayName: row.user_display_name,
      avatarSmall: row.user_avatar_small,
      avatarLarge: row.user_avatar_large,
    }),
    by: toUserRef({
      id: row.by_id,
      username: row.by_username,
      displayName: row.by_display_name,
      avatarSmall: row.by_avatar_small,
      avatarLarge: row.by_avatar_large,
    }),
    reason: row.reason,
    at: toMillis(row.created_at) ?? 0,
  };
}

export function createBanRepository(db: Kysely<Database>): BanRepository {
  return {
    async add(ban) {
      // A no-op update takes the room's row lock on PostgreSQL (SQLite has one writer anyway); joins
      // take the same lock when they append member.joined, so a ban and a join never interleave.
      await db.updateTable('rooms').set((eb) => ({ last_seq: eb.ref('last_seq') })).where('id', '=', ban.roomId).execute();
      // DO NOTHING rather than catching the violation: on PostgreSQL a failed statement would abort the caller's transaction.
      const r = await db
        .insertInto('room_bans')
        .values({ room_id: ban.roomId, user_id: ban.userId, banned_by: ban.bannedBy, reason: ban.reason, created_at: ban.at })
        .onConflict((oc) => oc.columns(['room_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async remove(roomId, userId) {
      const r = await db.deleteFrom('room_bans').where('room_id', '=', roomId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async isBanned(roomId, userId) {
      const row = await db
        .selectFrom('room_bans')
        .select('user_id')
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async find(roomId, userId) {
      const row = await listQuery(db, roomId).where('b.user_id', '=', userId).executeTakeFirst();
      return row && toBan(row);
    },
    async list(roomId) {
      const rows = await listQuery(db, roomId).orderBy('b.created_at', 'desc').orderBy('u.id').execute();
      return rows.map(toBan);
    },
  };
}
