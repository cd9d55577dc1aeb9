import { sql, type Kysely } from 'kysely';
import type { RoomRole } from '@parley/protocol';
import { toMillis } from './dialect.js';
import { isUniqueViolation } from './errors.js';
import { advanceReadMarker, mentionCountSql, unreadCountSql } from './read-state.js';
import type { Database } from './schema.js';
import type { HotQueries } from './hot-queries.js';
import type { MemberRepository } from './types.js';
import { toUserRef } from './user-ref.js';

export function createMemberRepository(db: Kysely<Database>, q: HotQueries): MemberRepository {
  return {
    async add(roomId, userId, role, at) {
      try {
        await db.insertInto('room_members').values({ room_id: roomId, user_id: userId, role, joined_at: at }).execute();
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    async remove(roomId, userId) {
      const r = await db.deleteFrom('room_members').where('room_id', '=', roomId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async findRole(roomId, userId) {
      const row = await db
        .selectFrom('room_members')
        .select('role')
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.role as RoomRole | undefined;
    },
    async findSender(roomId, userId) {
      const row = (await q.findSender(db, { roomId, userId }))[0];
      if (!row) return undefined;
      const user = toUserRef({ id: row.id, username: row.username, displayName: row.display_name, avatarSmall: row.avatar_small, avatarLarge: row.avatar_large });
      return { role: row.role as RoomRole, user };
    },
    async setRole(roomId, userId, role) {
      await db.updateTable('room_members').set({ role }).where('room_id', '=', roomId).where('user_id', '=', userId).execute();
    },
    async list(roomId) {
      const rows = await db
        .selectFrom('room_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.username', 'u.display_name', 'u.avatar_small', 'u.avatar_large', 'u.status_text', 'm.role', 'm.joined_at'])
        .where('m.room_id', '=', roomId)
        .orderBy('m.joined_at')
        .orderBy('u.id')
        .execute();
      return rows.map((r) => ({
        user: toUserRef({ id: r.id, username: r.username, displayName: r.display_name, avatarSmall: r.avatar_small, avatarLarge: r.avatar_large }),
        role: r.role as RoomRole,
        joinedAt: toMillis(r.joined_at)!, // NOT NULL column
        statusText: r.status_text,
      }));
    },
    async listRoomIds(userId) {
      const rows = await db
        .selectFrom('room_members as m')
        .innerJoin('rooms as r', 'r.id', 'm.room_id')
        .select('m.room_id')
        .where('m.user_id', '=', userId)
        .where('r.deleted_at', 'is', null)
        .execute();
      return rows.map((r) => r.room_id);
    },
    async listUserIds(roomId) {
      const rows = await db.selectFrom('room_members').select('user_id').where('room_id', '=', roomId).execute();
      return rows.map((r) => r.user_id);
    },
    async findReadState(roomId, userId) {
      const row = await db
        .selectFrom('room_members as m')
        .select(['m.last_read_seq', 'm.muted'])
        .select(unreadCountSql(db, sql.ref('m.room_id'), sql.ref('m.last_read_seq'), userId).as('unread_count'))
        .select(mentionCountSql(db, sql.ref('m.room_id'), sql.ref('m.last_read_seq'), userId).as('mention_count'))
        .where('m.room_id', '=', roomId)
        .where('m.user_id', '=', userId)
        .executeTakeFirst();
      return (
        row && {
          lastReadSeq: Number(row.last_read_seq),
          unreadCount: Number(row.unread_count),
          mentionCount: Number(row.mention_count),
          muted: Number(row.muted) === 1,
        }
      );
    },
    advanceReadMarker: (roomId, userId, seq) => advanceReadMarker(db, roomId, userId, seq),
    async setMuted(roomId, userId, muted) {
      const flag = muted ? 1 : 0;
      const r = await db
        .updateTable('room_members')
        .set({ muted: flag })
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .where('muted', '<>', flag)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
