import type { Kysely, Selectable } from 'kysely';
import type { Attachment, AttachmentKind } from '@parley/protocol';
import { toIso, toMillis } from './dialect.js';
import type { AttachmentsTable, Database } from './schema.js';
import type { AttachmentRecord, AttachmentRepository } from './types.js';

export function toAttachmentRecord(row: Selectable<AttachmentsTable>): AttachmentRecord {
  return {
    id: row.id,
    uploaderId: row.uploader_id,
    kind: row.kind as AttachmentKind,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    thumbSha256: row.thumb_sha256,
    thumbWidth: row.thumb_width,
    thumbHeight: row.thumb_height,
    roomId: row.room_id,
    messageId: row.message_id,
    createdAt: toMillis(row.created_at)!, // NOT NULL column
  };
}

/** The client's view of an attachment; URLs are API paths fetched with the bearer token. */
export function toAttachment(a: AttachmentRecord): Attachment {
  return {
    id: a.id,
    kind: a.kind,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    width: a.width,
    height: a.height,
    url: `/api/attachments/${a.id}`,
    thumbnailUrl: a.thumbSha256 ? `/api/attachments/${a.id}/thumbnail` : null,
    thumbnailWidth: a.thumbWidth,
    thumbnailHeight: a.thumbHeight,
    createdAt: toIso(a.createdAt),
  };
}

/** Attachments of these messages, grouped by message id, in their order within each message. */
export async function attachmentsByMessage(db: Kysely<Database>, messageIds: readonly string[]): Promise<Map<string, Attachment[]>> {
  const byMessage = new Map<string, Attachment[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('message_id', 'in', [...messageIds])
    .orderBy('message_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const list = byMessage.get(row.message_id!) ?? []; // the WHERE guarantees a message id
    list.push(toAttachment(toAttachmentRecord(row)));
    byMessage.set(row.message_id!, list);
  }
  return byMessage;
}

/** Blob hashes used by these rows: the file and its thumbnail. */
function hashesOf(rows: Array<{ sha256: string; thumb_sha256: string | null }>): string[] {
  return [...new Set(rows.flatMap((r) => (r.thumb_sha256 ? [r.sha256, r.thumb_sha256] : [r.sha256])))];
}

export function createAttachmentRepository(db: Kysely<Database>): AttachmentRepository {
  return {
    async insert(a) {
      await db
        .insertInto('attachments')
        .values({
          id: a.id,
          uploader_id: a.uploaderId,
          kind: a.kind,
          name: a.name,
          content_type: a.contentType,
          size: a.size,
          sha256: a.sha256,
          width: a.width,
          height: a.height,
          thumb_sha256: a.thumbSha256,
          thumb_width: a.thumbWidth,
          thumb_height: a.thumbHeight,
          room_id: a.roomId,
          message_id: a.messageId,
          position: null,
          created_at: a.createdAt,
        })
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAttachmentRecord(row);
    },
    async findMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('attachments').selectAll().where('id', 'in', [...ids]).execute();
      return rows.map(toAttachmentRecord);
    },
    async deleteUnusedBefore(before) {
      const rows = await db
        .deleteFrom('attachments')
        .where('message_id', 'is', null)
        .where('created_at', '<', before)
        .returning(['sha256', 'thumb_sha256'])
        .execute();
      return hashesOf(rows);
    },
    async deleteForRoom(roomId) {
      const rows = await db.deleteFrom('attachments').where('room_id', '=', roomId).returning(['sha256', 'thumb_sha256']).execute();
      return hashesOf(rows);
    },
    async isBlobReferenced(sha256) {
      const row = await db
        .selectFrom('attachments')
        .select('id')
        .where((eb) => eb.or([eb('sha256', '=', sha256), eb('thumb_sha256', '=', sha256)]))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
