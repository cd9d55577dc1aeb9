import type { Member } from '@parley/protocol';

/** Characters a username may hold (protocol `Username`): letters of any script, digits, `_`, `.`, `-`. */
const NAME_CHAR = /[\p{L}\p{M}\p{N}_.-]/u;
/** The longest username; a longer run after `@` is not a mention being typed. */
const MAX_QUERY = 32;

/** The `@…` the caret sits in: where the `@` is and what follows it up to the caret. */
export interface MentionQuery {
  start: number;
  query: string;
}

/**
 * The mention being typed at `caret`, if any. The `@` must open the text or follow something that
 * cannot be part of a name (space, punctuation, CJK punctuation), so an e-mail address never opens the list.
 */
export function activeMentionQuery(text: string, caret: number): MentionQuery | undefined {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return undefined;
  const query = before.slice(at + 1);
  if ([...query].length > MAX_QUERY || [...query].some((c) => !NAME_CHAR.test(c))) return undefined;
  const prev = before.slice(0, at).slice(-1);
  if (prev !== '' && (NAME_CHAR.test(prev) || prev === '@')) return undefined;
  return { start: at, query };
}

/** One entry of the autocomplete: a member, or `@here` / `@all` for owners and admins. */
export type MentionCandidate = { kind: 'member'; member: Member } | { kind: 'everyone'; name: 'here' | 'all' };

export interface CandidateOptions {
  meId: string;
  /** Owners and admins may notify the room with `@here` and `@all`. */
  canMentionAll: boolean;
  locale?: string;
  limit?: number;
}

const fold = (s: string, locale?: string) => s.normalize('NFKC').toLocaleLowerCase(locale);

/** How well a member matches: 0 username prefix, 1 display name prefix, 2 a later word of the display name. */
function rank(m: Member, q: string, locale?: string): number | undefined {
  if (fold(m.user.username, locale).startsWith(q)) return 0;
  const name = fold(m.user.displayName, locale);
  if (name.startsWith(q)) return 1;
  if (name.split(/[\s._-]+/).some((word) => word.startsWith(q))) return 2;
  return undefined;
}

/**
 * Members whose username or display name starts with `query` (case- and width-insensitive, any script,
 * so "张" finds 张伟), best matches first, then `@here` and `@all` for those allowed to use them.
 */
export function mentionCandidates(members: readonly Member[], query: string, options: CandidateOptions): MentionCandidate[] {
  const { meId, canMentionAll, locale, limit = 8 } = options;
  const q = fold(query, locale);
  const ranked: Array<{ member: Member; rank: number }> = [];
  for (const member of members) {
    if (member.user.id === meId) continue;
    const r = rank(member, q, locale);
    if (r !== undefined) ranked.push({ member, rank: r });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.member.user.username.localeCompare(b.member.user.username, locale));
  const out: MentionCandidate[] = ranked.slice(0, limit).map(({ member }) => ({ kind: 'member', member }));
  if (canMentionAll) {
    for (const name of ['here', 'all'] as const) if (name.startsWith(q)) out.push({ kind: 'everyone', name });
  }
  return out;
}

/** The text with the typed `@query` replaced by `@name ` and where the caret goes after it. */
export function insertMention(text: string, mention: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const insert = `@${name} `;
  // A space already after the caret is reused rather than doubled.
  const rest = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, mention.start) + insert + rest, caret: mention.start + insert.length };
}
