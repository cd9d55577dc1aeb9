import type { RoomRole } from '@parley/protocol';
import type { MentionTargets, MessageMeta, Store } from '../storage/types.js';

/**
 * One `@token` of a message body: the names it may stand for, longest first. "@bob." may be the user
 * "bob." or "bob" followed by a full stop, and "@小明你好" may be "小明" followed by text, because
 * Chinese and Japanese write no space after a name; the longest name that is a member wins.
 */
export interface MentionToken {
  names: string[];
}

/** What a body asks for before anyone is looked up. */
export interface ParsedMentions {
  tokens: MentionToken[];
  here: boolean;
  all: boolean;
}

/** Distinct `@tokens` looked up per message: a body stuffed with thousands of them costs no more. */
export const MAX_MENTION_TOKENS = 50;

/** Usernames are at most 32 code points (protocol Username). */
const MAX_NAME = 32;
const TOKEN = /@([\p{L}\p{M}\p{N}_.-]+)/gu;
/** Scripts written without spaces between words: a name may end wherever one of these follows. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Before an `@`: the start, a space, or punctuation that cannot be part of an address or a path. */
const WORDISH_BEFORE = /[\p{L}\p{M}\p{N}_.\-@/\\+=]/u;

/** Fenced code blocks (``` or ~~~, also inside quotes and lists), open to the end when never closed. */
function blankFences(text: string): string {
  const lines = text.split('\n');
  let fence: string | undefined;
  return lines
    .map((line) => {
      const open = /^[ \t]*(?:>[ \t]*)*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === undefined) {
        if (open === undefined) return line;
        fence = open;
        return ' '.repeat(line.length);
      }
      if (open !== undefined && open[0] === fence[0] && open.length >= fence.length && line.trim().replace(/^(?:>[ \t]*)*/, '') === open) fence = undefined;
      return ' '.repeat(line.length);
    })
    .join('\n');
}

/** Inline code: a run of n backticks up to the next run of exactly n; an unmatched run stays text. */
function blankCodeSpans(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = /`+/g;
    open.lastIndex = i;
    const start = open.exec(text);
    if (!start) break;
    const run = start[0];
    const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    close.lastIndex = start.index + run.length;
    const end = close.exec(text);
    if (!end) {
      out += text.slice(i, start.index + run.length);
      i = start.index + run.length;
      continue;
    }
    out += text.slice(i, start.index) + ' '.repeat(end.index + run.length - start.index);
    i = end.index + run.length;
  }
  return out + text.slice(i);
}

/** Links (the markdown renderer turns these into links, so an `@` inside one is part of an address). */
function blankUrls(text: string): string {
  return text.replace(/\b(?:https?:\/\/|mailto:|www\.)[^\s<>]*/giu, (url) => ' '.repeat(url.length));
}

/** The names one token may stand for, longest first. */
function namesOf(token: string): string[] {
  const chars = [...token.normalize('NFC')].slice(0, MAX_NAME + 1);
  const names: string[] = [];
  for (let end = chars.length; end >= 1; end--) {
    if (end > MAX_NAME) continue;
    const rest = chars.slice(end);
    const next = rest[0];
    const cut = next === undefined || UNSPACED.test(next) || rest.every((c) => /[._-]/.test(c));
    if (cut) names.push(chars.slice(0, end).join(''));
  }
  return names;
}

/**
 * Finds `@name`, `@here` and `@all` in a message body, ignoring code spans, fenced code, links and
 * e-mail addresses. Pure: nobody is looked up yet.
 */
export function parseMentions(body: string): ParsedMentions {
  // Most messages name nobody: they pay for one scan.
  if (!body.includes('@')) return { tokens: [], here: false, all: false };
  const text = blankUrls(blankCodeSpans(blankFences(body)));
  const parsed: ParsedMentions = { tokens: [], here: false, all: false };
  const seen = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const before = match.index === 0 ? undefined : text[match.index - 1];
    if (before !== undefined && WORDISH_BEFORE.test(before)) continue;
    const names = namesOf(match[1]!); // the group always matches
    if (names.length === 0) continue;
    const lower = names.map((n) => n.toLowerCase());
    if (lower.includes('all')) parsed.all = true;
    if (lower.includes('here')) parsed.here = true;
    const key = lower[0]!; // names is not empty
    if (seen.has(key) || seen.size >= MAX_MENTION_TOKENS) continue;
    seen.add(key);
    parsed.tokens.push({ names });
  }
  return parsed;
}

/** Only owners and admins may notify a whole room; for anyone else `@here` and `@all` are plain text. */
export function canMentionEveryone(role: RoomRole): boolean {
  return role === 'owner' || role === 'admin';
}

export interface MentionDeps {
  store: Pick<Store, 'mentions' | 'members'>;
  /** Whether the user has a live socket anywhere (bus Presence): `@here` notifies only them. */
  isOnline: (userId: string) => boolean;
}

export interface MentionInput {
  roomId: string;
  senderId: string;
  senderRole: RoomRole;
  body: string;
}

/** What a message stores about its mentions (meta) and who gets a mention row (targets). */
export interface ResolvedMentions {
  meta: Pick<MessageMeta, 'mentions' | 'mentionsAll'>;
  targets: MentionTargets;
}

/**
 * Resolves a body's mentions against the room's current members: names of non-members mention
 * nobody, the sender never mentions themself. Used on send and, by edits, to recompute.
 */
export async function resolveMentions({ store, isOnline }: MentionDeps, input: MentionInput): Promise<ResolvedMentions> {
  const parsed = parseMentions(input.body);
  const everyone = canMentionEveryone(input.senderRole);
  const wide: 'here' | 'all' | undefined = everyone ? (parsed.all ? 'all' : parsed.here ? 'here' : undefined) : undefined;
  const tokens = everyone ? parsed.tokens.filter((t) => !t.names.some((n) => /^(here|all)$/i.test(n))) : parsed.tokens;
  const members = tokens.length === 0 ? new Map<string, string>() : await store.mentions.findMembersByUsername(input.roomId, tokens.flatMap((t) => t.names));
  const mentions: string[] = [];
  for (const token of tokens) {
    const id = token.names.map((n) => members.get(n)).find((x) => x !== undefined);
    if (id !== undefined && id !== input.senderId && !mentions.includes(id)) mentions.push(id);
  }
  let userIds: string[] = mentions;
  if (wide === 'here') {
    const online = (await store.members.listUserIds(input.roomId)).filter((id) => id !== input.senderId && isOnline(id));
    userIds = [...new Set([...mentions, ...online])];
  }
  return {
    meta: { ...(mentions.length > 0 && { mentions }), ...(wide && { mentionsAll: wide }) },
    targets: { everyone: wide === 'all', userIds },
  };
}

/**
 * Recomputes an edited message's mentions inside the edit's transaction (`deps.store` is the
 * transaction's): its rows are replaced at the same seq, so a member whose marker is already past
 * it is not counted again. Returns the mention keys the edited message now has.
 */
export async function replaceMentions(
  deps: MentionDeps,
  message: { id: string; roomId: string; seq: number; senderId: string },
  senderRole: RoomRole,
  body: string,
): Promise<ResolvedMentions['meta']> {
  const resolved = await resolveMentions(deps, { roomId: message.roomId, senderId: message.senderId, senderRole, body });
  await deps.store.mentions.replaceForMessage(message, resolved.targets);
  return resolved.meta;
}

/** A message's stored meta with its mention keys swapped for new ones (reply target and bot kept). */
export function withMentionMeta(meta: MessageMeta | undefined, mentions: ResolvedMentions['meta']): MessageMeta {
  const { mentions: _oldMentions, mentionsAll: _oldAll, ...rest } = meta ?? {};
  return { ...rest, ...mentions };
}
