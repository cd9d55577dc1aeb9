import type { Kysely, Transaction } from 'kysely';
import type { Message } from '@parley/protocol';
import { isUniqueViolation } from './errors.js';
import type { Database } from './schema.js';
import { createGroupCommit } from './group-commit.js';
import type { HotQueries } from './hot-queries.js';
import { hasMentionTargets, insertMentionRows } from './mention-repository.js';
import { decorate, metaExtras, selectMessages, storeMeta } from './message-rows.js';
import type { AppendResult, MessageRepository, NewMessage, ReadState } from './types.js';

async function findByClientMsgId(db: Kysely<Database>, senderId: string, clientMsgId: string) {
  const row = await selectMessages(db)
    .where('m.sender_id', '=', senderId)
    .where('m.client_msg_id', '=', clientMsgId)
    .executeTakeFirst();
  return row && (await decorate(db, [row]))[0];
}

/** An attachment was missing, someone else's, or already used: the whole append rolls back. */
class AttachmentsUnavailable extends Error {}

/**
 * Bumps the room's counter and inserts at that seq; the row lock on the room orders concurrent writers.
 * With `checkDuplicate` false the caller relies on the (sender, clientMsgId) unique index instead of a
 * read per send: a resend fails the insert, rolls back, and the caller answers with the original.
 */
async function insertNext(trx: Transaction<Database>, q: HotQueries, m: NewMessage, checkDuplicate: boolean): Promise<AppendResult> {
  if (checkDuplicate && m.sender && m.clientMsgId) {
    const existing = await findByClientMsgId(trx, m.sender.id, m.clientMsgId);
    if (existing) return { status: 'duplicate', message: existing };
  }
  const row = {
    id: m.id,
    roomId: m.roomId,
    kind: m.kind,
    body: m.body,
    event: m.event === null ? null : JSON.stringify(m.event),
    senderId: m.sender?.id ?? null,
    clientMsgId: m.clientMsgId,
    createdAt: m.createdAt,
    meta: storeMeta(m.meta),
  };
  let seq: number;
  let senderState: ReadState | undefined;
  if (q.appendInOne) {
    const done = (await q.appendInOne(trx, row))[0];
    if (!done || done.seq === null) return { status: 'room_gone' };
    seq = Number(done.seq);
    senderState = done.muted === null ? undefined : { lastReadSeq: seq, unreadCount: 0, mentionCount: 0, muted: Number(done.muted) === 1 };
  } else {
    const bumped = (await q.bumpSeq(trx, { roomId: m.roomId }))[0];
    if (!bumped) return { status: 'room_gone' };
    seq = Number(bumped.last_seq);
    await q.insertMessage(trx, { ...row, seq });
    if (m.sender) senderState = await moveSenderMarker(trx, q, m.roomId, m.sender.id, seq);
  }
  // Throwing rolls back the seq and the message row with it.
  if (!(await linkAttachments(trx, m))) throw new AttachmentsUnavailable();
  if (hasMentionTargets(m.mentionTargets)) {
    await insertMentionRows(trx, { id: m.id, roomId: m.roomId, seq, senderId: m.sender?.id ?? null }, m.mentionTargets);
  }
  return {
    status: 'created',
    ...(senderState && { senderState }),
    message: {
      id: m.id,
      roomId: m.roomId,
      seq,
      kind: m.kind,
      body: m.body,
      event: m.event,
      sender: m.sender,
      clientMsgId: m.clientMsgId,
      createdAt: new Date(m.createdAt).toISOString(),
      ...(m.attachments.length > 0 && { attachments: m.attachments }),
      ...(m.meta && metaExtras(m.meta)),
    },
  };
}

/**
 * Whoever posts has read up to their own message. Within this transaction the room row (PostgreSQL)
 * or the database (SQLite) is locked for writing, so no later message exists yet: unread is 0.
 */
async function moveSenderMarker(trx: Transaction<Database>, q: HotQueries, roomId: string, userId: string, seq: number): Promise<ReadState | undefined> {
  const row = (await q.advanceMarker(trx, { roomId, userId, seq }))[0];
  return row && { lastReadSeq: seq, unreadCount: 0, mentionCount: 0, muted: Number(row.muted) === 1 };
}

/**
 * Links the sender's unused uploads to the new message. The WHERE re-checks owner and "unused" inside
 * the transaction, so two messages can never claim one upload.
 */
async function linkAttachments(trx: Transaction<Database>, m: NewMessage): Promise<boolean> {
  if (m.attachments.length === 0) return true;
  for (const [position, a] of m.attachments.entries()) {
    const linked = await trx
      .updateTable('attachments')
      .set({ message_id: m.id, room_id: m.roomId, position })
      .where('id', '=', a.id)
      .where('uploader_id', '=', m.sender?.id ?? '')
      .where('message_id', 'is', null)
      .executeTakeFirst();
    if (Number(linked.numUpdatedRows) !== 1) return false;
  }
  return true;
}

/** Rows per INSERT: 9 parameters each keeps a statement far below SQLite's and PostgreSQL's limits. */
const IMPORT_CHUNK = 500;

async function importMany(trx: Transaction<Database>, messages: readonly Message[]): Promise<void> {
  const top = new Map<string, number>();
  for (let i = 0; i < messages.length; i += IMPORT_CHUNK) {
    const rows = messages.slice(i, i + IMPORT_CHUNK).map((m) => {
      top.set(m.roomId, Math.max(top.get(m.roomId) ?? 0, m.seq));
      return {
        id: m.id,
        room_id: m.roomId,
        seq: m.seq,
        kind: m.kind,
        body: m.body,
        event: m.event === null ? null : JSON.stringify(m.event),
        sender_id: m.sender?.id ?? null,
        client_msg_id: m.clientMsgId,
        created_at: Date.parse(m.createdAt),
      };
    });
    await trx.insertInto('messages').values(rows).execute();
  }
  for (const [roomId, seq] of top) {
    await trx.updateTable('rooms').set({ last_seq: seq }).where('id', '=', roomId).where('last_seq', '<', seq).execute();
  }
}

/** Appends in a transaction of their own; a resend is answered with the stored original. */
async function appendAlone(db: Kysely<Database>, q: HotQueries, m: NewMessage): Promise<AppendResult> {
  try {
    return await db.transaction().execute((trx) => insertNext(trx, q, m, false));
  } catch (err) {
    if (err instanceof AttachmentsUnavailable) return { status: 'attachments_unavailable' };
    // A resend, or two concurrent sends of one clientMsgId: the insert hit the unique index and the
    // transaction rolled back (seq included), so the stored row is the answer.
    if (!isUniqueViolation(err) || !m.sender || !m.clientMsgId) throw err;
    const existing = await findByClientMsgId(db, m.sender.id, m.clientMsgId);
    if (!existing) throw err;
    return { status: 'duplicate', message: existing };
  }
}

export function createMessageRepository(db: Kysely<Database>, q: HotQueries, batchesInFlight: number): MessageRepository {
  // Outside a caller's transaction, appends share transactions (group commit); see group-commit.ts.
  const appendGrouped = db.isTransaction
    ? undefined
    : createGroupCommit<NewMessage, AppendResult>({
        runBatch: (batch) =>
          db.transaction().execute(async (trx) => {
            const results: AppendResult[] = [];
            for (const m of batch) results.push(await insertNext(trx, q, m, false));
            return results;
          }),
        runOne: (m) => appendAlone(db, q, m),
        keyOf: (m) => m.roomId,
        maxInFlight: batchesInFlight,
      });
  return {
    append(m) {
      // Inside the caller's transaction a failed insert could not be retried: look before inserting.
      if (!appendGrouped) return insertNext(db as Transaction<Database>, q, m, true);
      return appendGrouped(m);
    },
    findByClientMsgId: (senderId, clientMsgId) => findByClientMsgId(db, senderId, clientMsgId),
    async listAfter(roomId, afterSeq, limit) {
      const rows = await selectMessages(db)
        .where('m.room_id', '=', roomId)
        .where('m.seq', '>', afterSeq)
        .orderBy('m.seq', 'asc')
        .limit(limit)
        .execute();
      return decorate(db, rows);
    },
    async listBefore(roomId, beforeSeq, limit) {
      const rows = await selectMessages(db)
        .where('m.room_id', '=', roomId)
        .where('m.seq', '<', beforeSeq)
        .orderBy('m.seq', 'desc')
        .limit(limit)
        .execute();
      return decorate(db, rows);
    },
    async importMany(messages) {
      if (messages.length === 0) return;
      if (db.isTransaction) return importMany(db as Transaction<Database>, messages);
      await db.transaction().execute((trx) => importMany(trx, messages));
    },
  };
}
