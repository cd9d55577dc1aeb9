import type { Kysely } from 'kysely';
import type { MessageKind, Reaction } from '@parley/protocol';
import type { Database } from './schema.js';
import type { ReactionRepository } from './reaction-types.js';

/** Reactions of these messages grouped by message: emoji by first reaction, users oldest first. */
async function reactionsByMessage(db: Kysely<Database>, messageIds: readonly string[]): Promise<Map<string, Reaction[]>> {
  const byMessage = new Map<string, Reaction[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .selectFrom('message_reactions as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.message_id', 'r.emoji', 'r.user_id', 'u.display_name'])
    .where('r.message_id', 'in', [...new Set(messageIds)])
    // Ties within one millisecond break the same way on every read and both dialects.
    .orderBy('r.created_at')
    .orderBy('r.emoji')
    .orderBy('r.user_id')
    .execute();
  for (const row of rows) {
    const list = byMessage.get(row.message_id) ?? [];
    let reaction = list.find((r) => r.emoji === row.emoji);
    if (!reaction) {
      reaction = { emoji: row.emoji, count: 0, users: [] };
      list.push(reaction);
    }
    reaction.users.push({ id: row.user_id, displayName: row.display_name });
    reaction.count++;
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

/** Adds `reactions` to the text, image and file messages of a page that have any, with one query. */
export async function withReactions<M extends { id: string; kind: MessageKind; deletedAt?: string | undefined }>(
  db: Kysely<Database>,
  messages: M[],
): Promise<M[]> {
  const ids = messages.filter((m) => m.kind !== 'system' && m.kind !== 'update' && !m.deletedAt).map((m) => m.id);
  if (ids.length === 0) return messages;
  const byMessage = await reactionsByMessage(db, ids);
  return messages.map((m) => (byMessage.has(m.id) ? { ...m, reactions: byMessage.get(m.id) } : m));
}

export function createReactionRepository(db: Kysely<Database>): ReactionRepository {
  return {
    async findTarget(messageId) {
      const row = await db
        .selectFrom('messages as m')
        .innerJoin('rooms as r', 'r.id', 'm.room_id')
        .select(['m.id', 'm.room_id', 'm.kind', 'm.deleted_at', 'r.deleted_at as room_deleted_at'])
        .where('m.id', '=', messageId)
        .executeTakeFirst();
      return (
        row && { id: row.id, roomId: row.room_id, kind: row.kind as MessageKind, deleted: row.deleted_at !== null, roomDeleted: row.room_deleted_at !== null }
      );
    },
    async has(messageId, emoji, userId) {
      const row = await db
        .selectFrom('message_reactions')
        .select('message_id')
        .where('message_id', '=', messageId)
        .where('emoji', '=', emoji)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async add(r) {
      // DO NOTHING rather than catching a unique violation: on PostgreSQL that would abort the transaction.
      const result = await db
        .insertInto('message_reactions')
        .values({ message_id: r.messageId, room_id: r.roomId, emoji: r.emoji, user_id: r.userId, created_at: r.at })
        .onConflict((oc) => oc.columns(['message_id', 'emoji', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async remove(messageId, emoji, userId) {
      const result = await db
        .deleteFrom('message_reactions')
        .where('message_id', '=', messageId)
        .where('emoji', '=', emoji)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async countEmojis(messageId) {
      const row = await db
        .selectFrom('message_reactions')
        .select((eb) => eb.fn.count<number | string>('emoji').distinct().as('n'))
        .where('message_id', '=', messageId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    listFor: (messageIds) => reactionsByMessage(db, messageIds),
    async frequent(userId, since, limit) {
      const rows = await db
        .selectFrom('message_reactions')
        .select((eb) => ['emoji', eb.fn.countAll<number | string>().as('uses'), eb.fn.max('created_at').as('last')])
        .where('user_id', '=', userId)
        .where('created_at', '>=', since)
        .groupBy('emoji')
        .orderBy('uses', 'desc')
        .orderBy('last', 'desc')
        .orderBy('emoji')
        .limit(limit)
        .execute();
      return rows.map((r) => r.emoji);
    },
  };
}
