import { z } from 'zod';
import { Attachment, ErrorCode, ReplyPreview, type ClientFrameInput, type Message } from '@parley/protocol';
import { readJson, writeJson, type KeyValueStore } from '../lib/key-value-store';

/** A message the user sent that the server has not acknowledged yet. */
export const OutboxItem = z.object({
  clientMsgId: z.string(),
  roomId: z.string(),
  /** Stored before attachments existed: such items are text. */
  kind: z.enum(['text', 'image', 'file']).default('text'),
  /** The caption of an image or file message. */
  body: z.string(),
  /**
   * Already uploaded: the whole metadata is kept, not just the ids, so a queued message renders its
   * thumbnails and file names (greyed) even after a reload while offline.
   */
  attachments: z.array(Attachment).optional(),
  createdAt: z.string(),
  /**
   * The message this one answers, as the composer showed it: its id goes out as `replyToId` on every
   * (re)send, and the preview lets the pending message and its stand-in show the quote.
   */
  replyTo: ReplyPreview.optional(),
  /** Set when the server refused it for good (not a member any more, too long…); never resent. */
  failed: z.union([ErrorCode, z.literal('network')]).optional(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

const StoredOutbox = z.array(OutboxItem);

/** One outbox per user, so switching accounts in a browser never sends as the wrong person. */
export const outboxKey = (userId: string) => `parley.outbox.${userId}`;

/** The persisted outbox; a damaged entry is dropped rather than blocking every later send. */
export function loadOutbox(store: KeyValueStore, userId: string): OutboxItem[] {
  const raw = readJson(store, outboxKey(userId));
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry: unknown) => {
    const parsed = OutboxItem.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

export function saveOutbox(store: KeyValueStore, userId: string, items: readonly OutboxItem[]): void {
  if (items.length === 0) store.removeItem(outboxKey(userId));
  else writeJson(store, outboxKey(userId), StoredOutbox.parse(items));
}

export function removeFromOutbox(items: readonly OutboxItem[], clientMsgIds: ReadonlySet<string>): readonly OutboxItem[] {
  if (clientMsgIds.size === 0) return items;
  const kept = items.filter((i) => !clientMsgIds.has(i.clientMsgId));
  return kept.length === items.length ? items : kept;
}

/** The clientMsgIds of `messages` that this user sent: their outbox items are settled. */
export function settledBy(messages: readonly Message[], userId: string): Set<string> {
  const ids = new Set<string>();
  for (const m of messages) if (m.clientMsgId !== null && m.sender?.id === userId) ids.add(m.clientMsgId);
  return ids;
}

/**
 * Combines this tab's outbox with the one another tab just stored: the union by clientMsgId, in send
 * order, minus what this tab already saw settled. Resending an item another tab also sends is harmless,
 * because the server is idempotent on clientMsgId.
 */
export function mergeOutbox(
  mine: readonly OutboxItem[],
  theirs: readonly OutboxItem[],
  settled: ReadonlySet<string>,
): readonly OutboxItem[] {
  const byId = new Map<string, OutboxItem>();
  for (const item of [...mine, ...theirs]) {
    if (settled.has(item.clientMsgId)) continue;
    const held = byId.get(item.clientMsgId);
    // A failure recorded by either tab sticks: the server already refused that exact message.
    byId.set(item.clientMsgId, held?.failed ? held : item);
  }
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Items still waiting to go out (not failed), oldest first. */
export function sendable(items: readonly OutboxItem[]): OutboxItem[] {
  return items.filter((i) => i.failed === undefined);
}

/** The `message.send` frame of an item; resending the same item sends the same frame (idempotent). */
export function sendFrame(item: OutboxItem, ref: string): ClientFrameInput {
  const base = {
    type: 'message.send',
    ref,
    roomId: item.roomId,
    clientMsgId: item.clientMsgId,
    body: item.body,
    ...(item.replyTo && { replyToId: item.replyTo.id }),
  } as const;
  if (item.kind === 'text') return base;
  return { ...base, kind: item.kind, attachmentIds: (item.attachments ?? []).map((a) => a.id) };
}
