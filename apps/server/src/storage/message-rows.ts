import type { Kysely } from 'kysely';
import type { Message, MessageKind, SystemEvent } from '@parley/protocol';
import { toIso } from './dialect.js';
import type { Database } from './schema.js';
import { attachmentsByMessage } from './attachment-repository.js';
import { withReactions } from './reaction-repository.js';
import { withReplyPreviews } from './reply-previews.js';
import type { MessageMeta } from './types.js';
import { senderRef } from './user-ref.js';

// Reading messages: the joined row, its mapping to a Message, and the per-page decoration that
// history, replay, pins and edit answers share.

/** Adds `attachments` to the image and file messages of a page, with one query. */
async function withAttachments(db: Kysely<Database>, messages: Message[]): Promise<Message[]> {
  const ids = messages.filter((m) => (m.kind === 'image' || m.kind === 'file') && !m.deletedAt).map((m) => m.id);
  if (ids.length === 0) return messages;
  const byMessage = await attachmentsByMessage(db, ids);
  return messages.map((m) => (byMessage.has(m.id) ? { ...m, attachments: byMessage.get(m.id) } : m));
}

export interface JoinedRow {
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
  avatar_small: string | null;
  avatar_large: string | null;
  meta: string | null;
  edited_at: number | string | null;
  deleted_at: number | string | null;
  pinned_at: number | string | null;
}

/** The JSON facts stored with a message at send (`messages.meta`); undefined when there are none. */
export function parseMeta(meta: string | null): MessageMeta | undefined {
  return meta === null ? undefined : (JSON.parse(meta) as MessageMeta);
}

/** `meta` as the column stores it: null when it holds nothing. */
export function storeMeta(meta: MessageMeta | undefined): string | null {
  return meta && Object.keys(meta).length > 0 ? JSON.stringify(meta) : null;
}

/** The optional keys a message's send-time facts give it, present only when they apply. */
export function metaExtras(meta: MessageMeta): Partial<Message> {
  return {
    ...(meta.mentions && meta.mentions.length > 0 && { mentions: meta.mentions }),
    ...(meta.mentionsAll && { mentionsAll: meta.mentionsAll }),
    ...(meta.bot && { bot: meta.bot }),
  };
}

/** The optional keys of a stored message, present only when they apply. */
function extras(row: JoinedRow): Partial<Message> {
  return {
    ...metaExtras(parseMeta(row.meta) ?? {}),
    ...(row.edited_at !== null && { editedAt: toIso(row.edited_at) }),
    ...(row.deleted_at !== null && { deletedAt: toIso(row.deleted_at) }),
    ...(row.pinned_at !== null && { pinned: true as const }),
  };
}

/** The reply target id a stored message names, if any (its preview is loaded separately). */
export function replyTargetOf(row: { meta: string | null }): string | undefined {
  return parseMeta(row.meta)?.replyToId;
}

export function toMessage(row: JoinedRow): Message {
  return {
    id: row.id,
    roomId: row.room_id,
    seq: Number(row.seq),
    kind: row.kind as MessageKind,
    body: row.body,
    event: row.event === null ? null : (JSON.parse(row.event) as SystemEvent),
    sender: senderRef(row),
    clientMsgId: row.client_msg_id,
    createdAt: toIso(row.created_at),
    ...extras(row),
  };
}

/** Everything a page of messages carries besides its rows, each part loaded with one query. */
export async function decorate(db: Kysely<Database>, rows: JoinedRow[]): Promise<Message[]> {
  const replyTargets = new Map(rows.flatMap((r) => [[r.id, replyTargetOf(r)] as const]).filter((e): e is [string, string] => e[1] !== undefined));
  const messages = await withReactions(db, await withAttachments(db, rows.map(toMessage)));
  return withReplyPreviews(db, messages, replyTargets);
}

export function selectMessages(db: Kysely<Database>) {
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
      'u.avatar_small',
      'u.avatar_large',
      'm.meta',
      'm.edited_at',
      'm.deleted_at',
      'm.pinned_at',
    ]);
}

