import type { Kysely } from 'kysely';
import { precompile } from './precompiled.js';
import type { Database } from './schema.js';

/**
 * The statements every send runs, compiled once per database (see precompiled.ts) and run on the
 * database or inside a transaction.
 */
function compileHotQueries(db: Kysely<Database>) {
  return {
    /** Next seq of a live room: the row lock it takes orders concurrent writers. */
    bumpSeq: precompile(db, ['roomId'], (d, p) =>
      d
        .updateTable('rooms')
        .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
        .where('id', '=', p.roomId)
        .where('deleted_at', 'is', null)
        .returning('last_seq'),
    ),
    insertMessage: precompile(
      db,
      ['id', 'roomId', 'seq', 'kind', 'body', 'event', 'senderId', 'clientMsgId', 'createdAt'],
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
        }),
    ),
    /** Moves a member's read marker forward to `seq`; no row when not a member or already past it. */
    advanceMarker: precompile(db, ['roomId', 'userId', 'seq'], (d, p) =>
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
export function hotQueries(root: Kysely<Database>): HotQueries {
  let q = compiled.get(root);
  if (!q) {
    q = compileHotQueries(root);
    compiled.set(root, q);
  }
  return q;
}
