import type { Kysely } from 'kysely';
import type { MessageKind } from '@parley/protocol';
import type { ChangeTarget, MessageChangeRepository } from './message-change-types.js';
import { decorate, parseMeta, selectMessages, storeMeta } from './message-rows.js';
import type { Database } from './schema.js';
import { toUserRef } from './user-ref.js';


async function findTarget(db: Kysely<Database>, messageId: string): Promise<ChangeTarget | undefined> {
  const row = await db
    .selectFrom('messages as m')
    .innerJoin('rooms as r', 'r.id', 'm.room_id')
    .select(['m.id', 'm.room_id', 'm.seq', 'm.kind', 'm.body', 'm.sender_id', 'm.meta', 'm.deleted_at', 'm.pinned_at', 'r.deleted_at as room_deleted_at'])
    .where('m.id', '=', messageId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      roomId: row.room_id,
      seq: Number(row.seq),
      kind: row.kind as MessageKind,
      body: row.body,
      senderId: row.sender_id,
      meta: parseMeta(row.meta),
      deleted: row.deleted_at !== null,
      pinned: row.pinned_at !== null,
      roomDeleted: row.room_deleted_at !== null,
    }
  );
}

/** Tombstones the message; the WHERE on deleted_at makes a concurrent second deletion change nothing. */
async function markDeleted(db: Kysely<Database>, messageId: string, at: number) {
  const current = await db.selectFrom('messages').select('meta').where('id', '=', messageId).executeTakeFirst();
  // A webhook message keeps who posted it; the reply target and mentions go with the body.
  const bot = parseMeta(current?.meta ?? null)?.bot;
  const updated = await db
    .updateTable('messages')
    .set({ body: '', deleted_at: at, pinned_at: null, pinned_by: null, meta: bot ? JSON.stringify({ bot }) : null })
    .where('id', '=', messageId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return { changed: false, blobHashes: [] };
  await db.deleteFrom('message_reactions').where('message_id', '=', messageId).execute();
  await db.deleteFrom('message_mentions').where('message_id', '=', messageId).execute();
  const rows = await db.deleteFrom('attachments').where('message_id', '=', messageId).returning(['sha256', 'thumb_sha256']).execute();
  const blobHashes = [...new Set(rows.flatMap((r) => (r.thumb_sha256 ? [r.sha256, r.thumb_sha256] : [r.sha256])))];
  return { changed: true, blobHashes };
}

async function listPins(db: Kysely<Database>, roomId: string, limit: number) {
  const pins = await db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.pinned_by')
    .select(['m.id', 'm.pinned_at', 'u.id as user_id', 'u.username', 'u.display_name', 'u.avatar_small', 'u.avatar_large'])
    .where('m.room_id', '=', roomId)
    .where('m.pinned_at', 'is not', null)
    .orderBy('m.pinned_at', 'desc')
    .orderBy('m.seq', 'desc')
    .limit(limit)
    .execute();
  if (pins.length === 0) return [];
  const rows = await selectMessages(db).where('m.id', 'in', pins.map((p) => p.id)).execute();
  const messages = new Map((await decorate(db, rows)).map((m) => [m.id, m]));
  return pins.flatMap((p) => {
    const message = messages.get(p.id);
    if (!message) return [];
    const pinnedBy = toUserRef({ id: p.user_id, username: p.username, displayName: p.display_name, avatarSmall: p.avatar_small, avatarLarge: p.avatar_large });
    return [{ message, pinnedAt: Number(p.pinned_at), pinnedBy }];
  });
}

export function createMessageChangeRepository(db: Kysely<Database>): MessageChangeRepository {
  return {
    findTarget: (messageId) => findTarget(db, messageId),
    async findMessage(messageId) {
      const row = await selectMessages(db).where('m.id', '=', messageId).executeTakeFirst();
      return row && (await decorate(db, [row]))[0];
    },
    async setBody(messageId, body, editedAt, meta) {
      await db.updateTable('messages').set({ body, edited_at: editedAt, meta: storeMeta(meta) }).where('id', '=', messageId).execute();
    },
    markDeleted: (messageId, at) => markDeleted(db, messageId, at),
    async recordEdit(e) {
      await db
        .insertInto('message_edits')
        .values({ id: e.id, message_id: e.messageId, room_id: e.roomId, previous_body: e.previousBody, editor_id: e.editorId, edited_at: e.at, deleted: e.deleted ? 1 : 0 })
        .execute();
    },
    async listEdits(messageId) {
      const rows = await db
        .selectFrom('message_edits as e')
        .innerJoin('users as u', 'u.id', 'e.editor_id')
        .select(['e.previous_body', 'e.edited_at', 'e.deleted', 'u.id', 'u.username', 'u.display_name', 'u.avatar_small', 'u.avatar_large'])
        .where('e.message_id', '=', messageId)
        // Nothing is edited after a deletion, so its entry sorts last even within one millisecond.
        .orderBy('e.edited_at')
        .orderBy('e.deleted')
        .execute();
      return rows.map((r) => ({
        body: r.previous_body,
        editedAt: Number(r.edited_at),
        deleted: Number(r.deleted) === 1,
        editor: toUserRef({ id: r.id, username: r.username, displayName: r.display_name, avatarSmall: r.avatar_small, avatarLarge: r.avatar_large }),
      }));
    },
    async pin(messageId, by, at) {
      const result = await db
        .updateTable('messages')
        .set({ pinned_at: at, pinned_by: by })
        .where('id', '=', messageId)
        .where('pinned_at', 'is', null)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async unpin(messageId) {
      const result = await db.updateTable('messages').set({ pinned_at: null, pinned_by: null }).where('id', '=', messageId).where('pinned_at', 'is not', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async countPins(roomId) {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('room_id', '=', roomId)
        .where('pinned_at', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    listPins: (roomId, limit) => listPins(db, roomId, limit),
  };
}
