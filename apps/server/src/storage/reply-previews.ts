import type { Kysely } from 'kysely';
import type { Message, MessageKind, ReplyPreview } from '@parley/protocol';
import type { Database } from './schema.js';
import type { MessageTarget, ReplyRepository } from './reaction-types.js';
import { senderRef } from './user-ref.js';

/** Longest reply excerpt, in code points (so a Chinese character or an emoji counts once). */
export const EXCERPT_MAX = 140;

/**
 * A one-line plain-text excerpt: line breaks become spaces, markdown stays as typed (clients show
 * the excerpt as text), and a longer body ends in "…" within EXCERPT_MAX code points.
 */
export function replyExcerpt(body: string): string {
  const line = body.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const chars = [...line];
  return chars.length <= EXCERPT_MAX ? line : `${chars.slice(0, EXCERPT_MAX - 1).join('')}…`;
}

type Found = { target: MessageTarget; preview: ReplyPreview };

/** These messages as reply previews, with their rooms, in one query; unknown ids are left out. */
async function previewsFor(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, Found>> {
  const found = new Map<string, Found>();
  if (ids.length === 0) return found;
  const rows = await db
    .selectFrom('messages as t')
    .innerJoin('rooms as r', 'r.id', 't.room_id')
    .leftJoin('users as u', 'u.id', 't.sender_id')
    .select(['t.id', 't.room_id', 't.seq', 't.kind', 't.body', 't.deleted_at', 't.sender_id', 'r.deleted_at as room_deleted_at'])
    .select(['u.username', 'u.display_name', 'u.avatar_small', 'u.avatar_large'])
    .where('t.id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) {
    const deleted = row.deleted_at !== null;
    const sender = deleted ? null : senderRef(row);
    const kind = row.kind as MessageKind;
    found.set(row.id, {
      target: { id: row.id, roomId: row.room_id, kind, deleted, roomDeleted: row.room_deleted_at !== null },
      // A deleted original keeps only where it was: no author, no words.
      preview: { id: row.id, seq: Number(row.seq), sender, excerpt: deleted ? '' : replyExcerpt(row.body), kind, deleted },
    });
  }
  return found;
}

/**
 * Adds `replyTo` to the replies of a page, with one query; `targets` maps a reply's id to the id it
 * answers. A target from another room is never shown (sends refuse one; imports could carry one).
 */
export async function withReplyPreviews(db: Kysely<Database>, messages: Message[], targets: ReadonlyMap<string, string>): Promise<Message[]> {
  if (targets.size === 0) return messages;
  const found = await previewsFor(db, [...targets.values()]);
  return messages.map((m) => {
    const target = targets.get(m.id);
    const hit = target === undefined || m.deletedAt ? undefined : found.get(target);
    return hit && hit.target.roomId === m.roomId ? { ...m, replyTo: hit.preview } : m;
  });
}

export function createReplyRepository(db: Kysely<Database>): ReplyRepository {
  return {
    async findPreview(messageId) {
      return (await previewsFor(db, [messageId])).get(messageId);
    },
  };
}
