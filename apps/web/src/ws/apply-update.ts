import type { Message, Reaction, ReplyPreview, SystemEvent, UserRef } from '@parley/protocol';
import { updateRoom, type ChatState } from './chat-state';

/** An event that changes an earlier message: an update (edit, delete, reaction) or a pin line. */
export type MessageChange = Extract<SystemEvent, { messageId: string }>;

/** What a reply preview's excerpt holds at most, as the server cuts it. */
const EXCERPT_CODE_POINTS = 140;

/** The change `m` carries for an earlier message, if any (`update` messages and pin/unpin system lines). */
export function changeOf(m: Message): MessageChange | undefined {
  const e = m.event;
  return e && 'messageId' in e ? e : undefined;
}

/** Update messages only change other messages: never a row, never unread, never a notification. */
export const isUpdate = (m: Message) => m.kind === 'update';

function withoutKeys(m: Message, keys: readonly (keyof Message)[]): Message {
  const copy = { ...m };
  for (const k of keys) delete copy[k];
  return copy;
}

function addReaction(reactions: readonly Reaction[], emoji: string, user: UserRef): readonly Reaction[] | undefined {
  const at = reactions.findIndex((r) => r.emoji === emoji);
  const entry = { id: user.id, displayName: user.displayName };
  if (at < 0) return [...reactions, { emoji, count: 1, users: [entry] }];
  const r = reactions[at]!;
  if (r.users.some((u) => u.id === user.id)) return undefined;
  return reactions.map((x, i) => (i === at ? { ...r, count: r.count + 1, users: [...r.users, entry] } : x));
}

function removeReaction(reactions: readonly Reaction[], emoji: string, userId: string): readonly Reaction[] | undefined {
  const at = reactions.findIndex((r) => r.emoji === emoji);
  const r = reactions[at];
  if (!r || !r.users.some((u) => u.id === userId)) return undefined;
  if (r.count <= 1) return reactions.filter((_, i) => i !== at);
  return reactions.map((x, i) => (i === at ? { ...r, count: r.count - 1, users: r.users.filter((u) => u.id !== userId) } : x));
}

function setReactions(m: Message, reactions: readonly Reaction[] | undefined): Message {
  if (reactions === undefined) return m;
  return reactions.length === 0 ? withoutKeys(m, ['reactions']) : { ...m, reactions: [...reactions] };
}

const sameIds = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((id, i) => b?.[i] === id);

/**
 * Applies one change to the message it names, as docs/protocol.md "Changes to earlier messages" says.
 * Idempotent: applying a change the message already shows returns the same object. A tombstone takes
 * no further changes.
 */
export function applyChange(m: Message, change: MessageChange): Message {
  if (m.deletedAt !== undefined) return m;
  switch (change.type) {
    case 'message.edited': {
      if (m.body === change.body && m.editedAt === change.editedAt && sameIds(m.mentions, change.mentions) && m.mentionsAll === change.mentionsAll) return m;
      const edited = { ...withoutKeys(m, ['mentions', 'mentionsAll']), body: change.body, editedAt: change.editedAt };
      return {
        ...edited,
        ...(change.mentions && change.mentions.length > 0 && { mentions: change.mentions }),
        ...(change.mentionsAll && { mentionsAll: change.mentionsAll }),
      };
    }
    case 'message.deleted':
      return { ...withoutKeys(m, ['attachments', 'replyTo', 'reactions', 'pinned']), body: '', deletedAt: change.deletedAt };
    case 'reaction.added':
      return setReactions(m, addReaction(m.reactions ?? [], change.emoji, change.user));
    case 'reaction.removed':
      return setReactions(m, removeReaction(m.reactions ?? [], change.emoji, change.user.id));
    case 'message.pinned':
      return m.pinned ? m : { ...m, pinned: true };
    case 'message.unpinned':
      return m.pinned ? withoutKeys(m, ['pinned']) : m;
  }
}

/** Plain text of a body as a reply preview shows it: one line, at most 140 code points. */
export function replyExcerpt(body: string): string {
  return Array.from(body.replace(/\s*\r?\n\s*/g, ' ').trim()).slice(0, EXCERPT_CODE_POINTS).join('');
}

/** A reply's preview follows its original: new text after an edit, `deleted` after a deletion. */
function followOriginal(preview: ReplyPreview, original: Message): ReplyPreview {
  if (original.deletedAt !== undefined) return preview.deleted ? preview : { ...preview, deleted: true, excerpt: '' };
  const excerpt = replyExcerpt(original.body);
  return preview.excerpt === excerpt ? preview : { ...preview, excerpt };
}

/**
 * Applies a change to a seq-sorted timeline: the message it names, and the previews of replies to it.
 * Returns `messages` itself when nothing it holds changed (a change to a message not held is ignored:
 * history pages always bring messages as they are now).
 */
export function applyChangeToTimeline(messages: readonly Message[], change: MessageChange): readonly Message[] {
  let at = -1;
  // Recent messages are the ones people react to and edit: search from the newest.
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.id === change.messageId) {
      at = i;
      break;
    }
  }
  if (at < 0) return messages;
  const before = messages[at]!;
  const after = applyChange(before, change);
  if (after === before) return messages;
  const next = [...messages];
  next[at] = after;
  const quoting = change.type === 'message.edited' || change.type === 'message.deleted';
  if (quoting) {
    for (let i = at + 1; i < next.length; i++) {
      const m = next[i]!;
      if (m.replyTo?.id !== after.id) continue;
      const replyTo = followOriginal(m.replyTo, after);
      if (replyTo !== m.replyTo) next[i] = { ...m, replyTo };
    }
  }
  return next;
}

/** Applies the changes carried by `incoming` (in seq order) to the timeline. */
export function applyChanges(messages: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  let next = messages;
  for (const m of incoming) {
    const change = changeOf(m);
    if (change) next = applyChangeToTimeline(next, change);
  }
  return next;
}

/**
 * Index of the first message of the run that reaches the stream position: from there on every seq up
 * to `streamSeq` is held, so every change after it is held too. Above `streamSeq`, seqs may still be
 * on their way (an ack's stand-in), so a hole there does not end the run.
 */
function liveRunStart(messages: readonly Message[], streamSeq: number): number {
  let i = messages.length - 1;
  while (i > 0) {
    const prev = messages[i - 1]!.seq;
    if (prev < streamSeq && messages[i]!.seq !== prev + 1) break;
    i--;
  }
  return Math.max(i, 0);
}

/**
 * A history page brings fresh copies of messages, as they were when the server answered. A change
 * that arrived on the stream while the page was on its way was dropped then (its message was not held
 * yet), so the held changes naming a page's messages are applied again. Only those of the live run:
 * changes held before a hole may have been overtaken by changes in the hole, which the page already
 * shows. Replaying in seq order is idempotent and ends in the newest held state; anything newer
 * still comes on the stream (or its replay on resume).
 */
export function reapplyHeldChanges(messages: readonly Message[], page: readonly Message[], streamSeq: number): readonly Message[] {
  if (page.length === 0) return messages;
  const ids = new Set(page.map((m) => m.id));
  let next = messages;
  for (let i = liveRunStart(messages, streamSeq); i < messages.length; i++) {
    const change = changeOf(messages[i]!);
    if (change && ids.has(change.messageId)) next = applyChangeToTimeline(next, change);
  }
  return next;
}

/**
 * Applies a change the user just made (or undoes one that failed) before its event arrives, so the
 * screen answers at once. The event then finds the change already there: applying is idempotent.
 */
export function applyLocalChange(state: ChatState, roomId: string, change: MessageChange): ChatState {
  return updateRoom(state, roomId, (r) => {
    const messages = applyChangeToTimeline(r.messages, change);
    return messages === r.messages ? r : { ...r, messages };
  });
}
