import { sql, type Kysely } from 'kysely';
import { precompile, precompileResult } from './precompiled.js';
import type { Database } from './schema.js';

/** Anything that can run a compiled query: the database or a transaction. */
type Executor = Pick<Kysely<Database>, 'executeQuery'>;

/** With mysql2's FOUND_ROWS flag (its default) affected rows are the rows matched, as on the other engines. */
const matchedOne = (n: bigint | undefined) => n === 1n;

/**
 * MariaDB has no UPDATE … RETURNING. The seq bump uses MySQL's sequence idiom instead:
 * LAST_INSERT_ID(expr) stores the new value on the connection and the server reports it in the
 * UPDATE's own reply, so the bump stays one round trip and the value is exactly the one this
 * statement wrote while holding the room row's lock (no later read can see another writer's bump).
 */
export function mysqlBumpSeq(db: Kysely<Database>) {
  const bump = precompileResult(db, ['roomId'], (d, p) =>
    d
      .updateTable('rooms')
      .set((eb) => ({ last_seq: sql<number>`last_insert_id(${eb.ref('last_seq')} + 1)` }))
      .where('id', '=', p.roomId)
      .where('deleted_at', 'is', null),
  );
  return async (executor: Executor, values: { roomId: unknown }): Promise<Array<{ last_seq: number }>> => {
    const r = await bump(executor, values);
    // No row matched: the room is gone (or deleted), as the other engines' empty RETURNING says.
    if (!matchedOne(r.numAffectedRows) || r.insertId === undefined) return [];
    return [{ last_seq: Number(r.insertId) }];
  };
}

/**
 * The sender's read marker, moved forward, then its `muted` flag: two statements in the caller's
 * transaction, where the UPDATE's row lock keeps the flag from changing in between.
 */
export function mysqlAdvanceMarker(db: Kysely<Database>) {
  const advance = precompileResult(db, ['roomId', 'userId', 'seq'], (d, p) =>
    d
      .updateTable('room_members')
      .set({ last_read_seq: p.seq })
      .where('room_id', '=', p.roomId)
      .where('user_id', '=', p.userId)
      .where('last_read_seq', '<', p.seq),
  );
  const muted = precompile(db, ['roomId', 'userId'], (d, p) =>
    d.selectFrom('room_members').select('muted').where('room_id', '=', p.roomId).where('user_id', '=', p.userId),
  );
  return async (executor: Executor, values: { roomId: unknown; userId: unknown; seq: unknown }): Promise<Array<{ muted: number }>> => {
    const r = await advance(executor, values);
    if (!matchedOne(r.numAffectedRows)) return [];
    return muted(executor, { roomId: values.roomId, userId: values.userId });
  };
}
