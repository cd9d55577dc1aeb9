import type { MarkdownIt, StateInline } from 'markdown-it';

/** Who is reading: their own mentions (and `@here`/`@all` that count for them) stand out more. */
export interface MentionViewer {
  /** The reader's username, lower-cased; usernames compare case-insensitively. */
  self: string;
  /** The message carries `mentionsAll` (an owner or admin wrote `@here`/`@all`). */
  everyone: boolean;
}

/** A username as the protocol allows it (2-32 letters of any script, digits, `_`, `.`, `-`). */
const MENTION = /^@([\p{L}\p{M}\p{N}_.-]{2,32})/u;
const NAME_CHAR = /[\p{L}\p{M}\p{N}_.-]/u;

function isMentionViewer(env: unknown): env is { mention: MentionViewer } {
  return typeof env === 'object' && env !== null && 'mention' in env;
}

/** `@name` at a word start becomes a `mention` token; a trailing "." ends the sentence, not the name. */
function mentionRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
  const prev = state.src.slice(0, state.pos).slice(-1);
  // "bob@example.com" and "@@x" are not mentions.
  if (prev !== '' && (NAME_CHAR.test(prev) || prev === '@')) return false;
  const match = MENTION.exec(state.src.slice(state.pos));
  const name = match?.[1]?.replace(/[.-]+$/, '');
  if (!name || [...name].length < 2) return false;
  if (!silent) {
    const token = state.push('mention', '', 0);
    token.content = name;
  }
  state.pos += name.length + 1;
  return true;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Renders `@username`, `@here` and `@all` as a pill (`<span class="mention">`). The reader's own name,
 * and `@here`/`@all` in a message that notifies everyone, get `mention-me`. Whether a name belongs to a
 * member is the server's call (Message.mentions); this only marks up what was written.
 */
export function addMentionRule(md: MarkdownIt): void {
  md.inline.ruler.before('emphasis', 'mention', mentionRule);
  md.renderer.rules.mention = (tokens, idx, _options, env: unknown) => {
    const name = tokens[idx]!.content;
    const viewer = isMentionViewer(env) ? env.mention : undefined;
    const lower = name.toLowerCase();
    const me = viewer !== undefined && (lower === viewer.self || (viewer.everyone && (lower === 'here' || lower === 'all')));
    return `<span class="mention${me ? ' mention-me' : ''}">@${escapeHtml(name)}</span>`;
  };
}
