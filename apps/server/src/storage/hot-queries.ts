import { sql, type Kysely } from 'kysely';
import type { DialectName } from './dialect.js';
import { mysqlAdvanceMarker, mysqlBumpSeq } from './mysql-hot-queries.js';
import { precompile } from './precompiled.js';
import type { Database } from './schema.js';

/**
 * The statements every send runs, compiled once per database (see precompiled.ts) and run on the
 * database or inside a transaction.
 */
function compileHotQueries(db: Kysely<Database>, dialect: DialectName) {
  return {
    /**
     * PostgreSQL only: the seq bump, the insert and the sender's read marker in one statement
     * (data-modifying CTEs), so a send in a batch costs one round trip, not three. `seq` is null when
     * the room is gone; `muted` is null when the sender's marker did not move (or there is no sender).
     * SQLite has no UPDATE in a CTE and no round trips to save, MariaDB has no data-modifying CTEs:
     * both run the statements below.
     */
    appendInOne:
      dialect === 'postgres'
        ? precompile(db, ['id', 'roomId', 'kind', 'body', 'event', 'senderId', 'clientMsgId', 'createdAt', 'meta'], (d, p) => ({
            compile: () =>
              sql<{ seq: number | string | null; muted: number | null }>`
                with b as (
                  update rooms set last_seq = last_seq + 1
                  where id = ${p.roomId} and deleted_at is null
                  returning last_seq
                ), i as (
                  insert into messages (id, room_id, seq, kind, body, event, sender_id, client_msg_id, created_at, meta)
                  select ${p.id}, ${p.roomId}, b.last_seq, ${p.kind}, ${p.body}, ${p.event}, ${p.senderId}, ${p.clientMsgId}, ${p.createdAt}, ${p.meta}
                  from b
                  returning seq
                ), m as (
                  update room_members set last_read_seq = i.seq from i
                  where room_members.room_id = ${p.roomId} and room_members.user_id = ${p.senderId}
                    and room_members.last_read_seq < i.seq
                  returning room_members.muted
                )
                select (select seq from i) as seq, (select muted from m) as muted`.compile(d),
          }))
        : undefined,
    /** Next seq of a live room: the row lock it takes orders concurrent writers. */
    bumpSeq:
      dialect === 'mysql'
        ? mysqlBumpSeq(db)
        : precompile(db, ['roomId'], (d, p) =>
            d
              .updateTable('rooms')
              .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
              .where('id', '=', p.roomId)
              .where('deleted_at', 'is', null)
              .returning('last_seq'),
          ),
    insertMessage: precompile(
      db,
      ['id', 'roomId', 'seq', 'kind', 'body', 'event', 'senderId', 'clientMsgId', 'createdAt', 'meta'],
      (d, p) =>
        d.insertInto('messages').values({
          id: p.id,
          room_id: p.roomId,
          seq: p.seq,
          kind: p.kind,
          body: p.body,
          event: p.event,
          sender_id: p.senderId,
          client_msg_id: p.clientMsgId,
          created_at: p.createdAt,
          meta: p.meta,
        }),
    ),
    /** Moves a member's read marker forward to `seq`; no row when not a member or already past it. */
    advanceMarker:
      dialect === 'mysql'
        ? mysqlAdvanceMarker(db)
        : precompile(db, ['roomId', 'userId', 'seq'], (d, p) =>
            d
              .updateTable('room_members')
              .set({ last_read_seq: p.seq })
              .where('room_id', '=', p.roomId)
              .where('user_id', '=', p.userId)
              .where('last_read_seq', '<', p.seq)
              .returning('muted'),
          ),
    /** A member's role and current profile. */
    findSender: precompile(db, ['roomId', 'userId'], (d, p) =>
      d
        .selectFrom('room_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.role', 'u.id', 'u.username', 'u.display_name', 'u.avatar_small', 'u.avatar_large'])
        .where('m.room_id', '=', p.roomId)
        .where('m.user_id', '=', p.userId),
    ),
  };
}

export type HotQueries = ReturnType<typeof compileHotQueries>;

const compiled = new WeakMap<Kysely<Database>, HotQueries>();

/** The hot queries for a database, compiled on first use. Pass the root database, not a transaction. */
export function hotQueries(root: Kysely<Database>, dialect: DialectName): HotQueries {
  let q = compiled.get(root);
  if (!q) {
    q = compileHotQueries(root, dialect);
    compiled.set(root, q);
  }
  return q;
}
