import type { Kysely, Transaction } from 'kysely';
import type { Message, MessageKind, SystemEvent } from '@parley/protocol';
import { toIso } from './dialect.js';
import { isUniqueViolation } from './errors.js';
import type { Database } from './schema.js';
import type { AppendResult, MessageRepository, NewMessage } from './types.js';

interface JoinedRow {
  id: string;
  room_id: string;
  seq: number;
  kind: string;
  body: string;
  event: string | null;
  sender_id: string | null;
  client_msg_id: string | null;
  created_at: number | string;
  username: string | null;
  display_name: string | null;
}

function toMessage(row: JoinedRow): Message {
  return {
    id: row.id,
    roomId: row.room_id,
    seq: Number(row.seq),
    kind: row.kind as MessageKind,
    body: row.body,
    event: row.event === null ? null : (JSON.parse(row.event) as SystemEvent),
    sender:
      row.sender_id === null
        ? null
        : { id: row.sender_id, username: row.username ?? '', displayName: row.display_name ?? '' },
    clientMsgId: row.client_msg_id,
    createdAt: toIso(row.created_at),
  };
}

function selectMessages(db: Kysely<Database>) {
  return db
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.sender_id')
    .select([
      'm.id',
      'm.room_id',
      'm.seq',
      'm.kind',
      'm.body',
      'm.event',
      'm.sender_id',
      'm.client_msg_id',
      'm.created_at',
      'u.username',
      'u.display_name',
    ]);
}

async function findByClientMsgId(db: Kysely<Database>, senderId: string, clientMsgId: string) {
  const row = await selectMessages(db)
    .where('m.sender_id', '=', senderId)
    .where('m.client_msg_id', '=', clientMsgId)
    .executeTakeFirst();
  return row && toMessage(row);
}

/** Bumps the room's counter and inserts at that seq; the row lock on the room orders concurrent writers. */
async function insertNext(trx: Transaction<Database>, m: NewMessage): Promise<AppendResult> {
  if (m.sender && m.clientMsgId) {
    const existing = await findByClientMsgId(trx, m.sender.id, m.clientMsgId);
    if (existing) return { status: 'duplicate', message: existing };
  }
  const bumped = await trx
    .updateTable('rooms')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('id', '=', m.roomId)
    .where('deleted_at', 'is', null)
    .returning('last_seq')
    .executeTakeFirst();
  if (!bumped) return { status: 'room_gone' };
  const seq = Number(bumped.last_seq);
  await trx
    .insertInto('messages')
    .values({
      id: m.id,
      room_id: m.roomId,
      seq,
      kind: m.kind,
      body: m.body,
      event: m.event === null ? null : JSON.stringify(m.event),
      sender_id: m.sender?.id ?? null,
      client_msg_id: m.clientMsgId,
      created_at: m.createdAt,
    })
    .execute();
  return {
    status: 'created',
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
    },
  };
}

export function createMessageRepository(db: Kysely<Database>): MessageRepository {
  return {
    async append(m) {
      if (db.isTransaction) return insertNext(db as Transaction<Database>, m);
      try {
        return await db.transaction().execute((trx) => insertNext(trx, m));
      } catch (err) {
        // Two concurrent sends of one clientMsgId: the loser's transaction rolled back (seq included),
        // so the winner's row is the answer.
        if (!isUniqueViolation(err) || !m.sender || !m.clientMsgId) throw err;
        const existing = await findByClientMsgId(db, m.sender.id, m.clientMsgId);
        if (!existing) throw err;
        return { status: 'duplicate', message: existing };
      }
    },
    async listAfter(roomId, afterSeq, limit) {
      const rows = await selectMessages(db)
        .where('m.room_id', '=', roomId)
        .where('m.seq', '>', afterSeq)
        .orderBy('m.seq', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toMessage);
    },
    async listBefore(roomId, beforeSeq, limit) {
      const rows = await selectMessages(db)
        .where('m.room_id', '=', roomId)
        .where('m.seq', '<', beforeSeq)
        .orderBy('m.seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toMessage);
    },
  };
}
