import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { MentionRepository, MentionTargets } from './types.js';
import { usernameKey } from './user-repository.js';

/** Ids per IN list: far below SQLite's and PostgreSQL's parameter limits. */
const IN_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** True when the targets would write no row, so the per-send path can skip the query entirely. */
export function hasMentionTargets(targets: MentionTargets | undefined): targets is MentionTargets {
  return targets !== undefined && (targets.everyone || targets.userIds.length > 0);
}

/**
 * Writes one message_mentions row per targeted member. The rows are selected from room_members inside
 * the caller's transaction, so someone who left between resolving and committing gets no row, and
 * `everyone` is one statement however large the room. The casts give PostgreSQL a type for the
 * parameters in the select list.
 */
export async function insertMentionRows(
  db: Kysely<Database> | Transaction<Database>,
  message: { id: string; roomId: string; seq: number; senderId: string | null },
  targets: MentionTargets,
): Promise<void> {
  const insert = (userIds: readonly string[] | undefined) =>
    db
      .insertInto('message_mentions')
      .columns(['room_id', 'user_id', 'seq', 'message_id'])
      .expression((eb) => {
        let members = eb
          .selectFrom('room_members')
          .select([
            'room_id',
            'user_id',
            sql<number>`cast(${message.seq} as integer)`.as('seq'),
            sql<string>`cast(${message.id} as varchar(36))`.as('message_id'),
          ])
          .where('room_id', '=', message.roomId);
        if (message.senderId !== null) members = members.where('user_id', '<>', message.senderId);
        if (userIds !== undefined) members = members.where('user_id', 'in', userIds);
        return members;
      })
      .execute();
  if (targets.everyone) {
    await insert(undefined);
    return;
  }
  for (const part of chunks([...new Set(targets.userIds)], IN_CHUNK)) await insert(part);
}

export function createMentionRepository(db: Kysely<Database>): MentionRepository {
  return {
    async findMembersByUsername(roomId, usernames) {
      const byKey = new Map<string, string[]>();
      for (const name of usernames) {
        const key = usernameKey(name);
        byKey.set(key, [...(byKey.get(key) ?? []), name]);
      }
      const found = new Map<string, string>();
      for (const keys of chunks([...byKey.keys()], IN_CHUNK)) {
        const rows = await db
          .selectFrom('room_members as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['u.id', 'u.username_key'])
          .where('m.room_id', '=', roomId)
          .where('u.username_key', 'in', keys)
          .execute();
        for (const row of rows) for (const name of byKey.get(row.username_key) ?? []) found.set(name, row.id);
      }
      return found;
    },
    async replaceForMessage(message, targets) {
      // By member: the primary key (user_id, room_id, seq) finds each row; message_id has no index.
      // Rows of people who left stay, harmless: a rejoin puts their marker past this seq.
      await db
        .deleteFrom('message_mentions')
        .where('room_id', '=', message.roomId)
        .where('seq', '=', message.seq)
        .where('user_id', 'in', (eb) => eb.selectFrom('room_members').select('user_id').where('room_id', '=', message.roomId))
        .execute();
      if (hasMentionTargets(targets)) await insertMentionRows(db, message, targets);
    },
  };
}
