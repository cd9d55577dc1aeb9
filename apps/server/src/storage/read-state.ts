import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { UNREAD_CAP } from '@parley/protocol';
import { isMysqlDb } from './mysql-dialect.js';
import type { Database } from './schema.js';

/**
 * The unread count of one membership, as a scalar subquery to embed in a larger SELECT, so a room
 * list gets every room's count in its one query.
 *
 * It counts over a LIMITed inner select on the (room_id, seq) index: the work per room stops after
 * UNREAD_CAP matching rows, so a room with a million messages the user never read costs no more
 * than one with a thousand. Rows the filters skip are the only other cost, and those are system
 * and update messages (own messages never lie past the marker: sending moves it). A `last_seq - last_read_seq`
 * shortcut would be cheaper still, but it cannot leave system messages out.
 * A NULL marker (the caller is not a member) matches no row, so non-members get 0.
 * MariaDB cannot see outer columns from inside a derived table, so there the rows past the marker
 * are counted in full (one range of the same index) and capped after: same answer, work bounded
 * by the unread count rather than by UNREAD_CAP (ADR 0008).
 *
 * The ORDER BY is not for the count: it makes the index the cheapest plan. Without it PostgreSQL
 * may bet that LIMIT stops a sequential scan early, and for a room with few or no rows in a big
 * table it reads the whole table instead (seen: 96 ms per room with 1M messages, 0.04 ms with it).
 */
export function unreadCountSql(db: Kysely<Database>, roomId: RawBuilder<unknown>, lastReadSeq: RawBuilder<unknown>, userId: string): RawBuilder<number | string> {
  if (isMysqlDb(db)) {
    return sql<number | string>`(select least(count(*), ${sql.lit(UNREAD_CAP)}) from messages u
      where u.room_id = ${roomId} and u.seq > ${lastReadSeq} and u.kind in ('text', 'image', 'file') and u.sender_id <> ${userId})`;
  }
  return sql<number | string>`(select count(*) from (
    select 1 as one from messages u
    where u.room_id = ${roomId} and u.seq > ${lastReadSeq} and u.kind in ('text', 'image', 'file') and u.sender_id <> ${userId}
    order by u.seq
    limit ${sql.lit(UNREAD_CAP)}
  ) capped)`;
}

/**
 * How many unread messages mention the member, embedded like unreadCountSql (and like it, counted
 * in full then capped on MySQL/MariaDB). The primary key
 * (user_id, room_id, seq) of message_mentions makes it one index range, stopped after UNREAD_CAP
 * rows; each row costs one primary-key probe more, to leave out messages deleted since.
 * A NULL marker (not a member) matches nothing.
 */
export function mentionCountSql(db: Kysely<Database>, roomId: RawBuilder<unknown>, lastReadSeq: RawBuilder<unknown>, userId: string): RawBuilder<number | string> {
  if (isMysqlDb(db)) {
    return sql<number | string>`(select least(count(*), ${sql.lit(UNREAD_CAP)}) from message_mentions mm
      inner join messages mg on mg.id = mm.message_id
      where mm.user_id = ${userId} and mm.room_id = ${roomId} and mm.seq > ${lastReadSeq} and mg.deleted_at is null)`;
  }
  return sql<number | string>`(select count(*) from (
    select 1 as one from message_mentions mm
    inner join messages mg on mg.id = mm.message_id
    where mm.user_id = ${userId} and mm.room_id = ${roomId} and mm.seq > ${lastReadSeq} and mg.deleted_at is null
    order by mm.seq
    limit ${sql.lit(UNREAD_CAP)}
  ) capped)`;
}

/**
 * Moves a member's read marker forward to `seq`, never back; true when it moved. The WHERE makes
 * the comparison and the write one atomic step, so concurrent calls can only ever raise it.
 */
export async function advanceReadMarker(db: Kysely<Database> | Transaction<Database>, roomId: string, userId: string, seq: number): Promise<boolean> {
  const r = await db
    .updateTable('room_members')
    .set({ last_read_seq: seq })
    .where('room_id', '=', roomId)
    .where('user_id', '=', userId)
    .where('last_read_seq', '<', seq)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
