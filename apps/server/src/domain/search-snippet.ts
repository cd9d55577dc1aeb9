import type { SearchMatch } from '@parley/protocol';

/** Longest snippet, in code points. */
export const SNIPPET_MAX = 200;
/** Code points shown before the first hit when the body is longer than a snippet. */
const CONTEXT_BEFORE = 60;

export interface Snippet {
  text: string;
  truncatedStart: boolean;
  truncatedEnd: boolean;
  matches: SearchMatch[];
}

/** One code point, case-folded the simple way; comparing per code point keeps offsets in code points. */
const fold = (c: string) => c.toLowerCase();

/** Starts of the non-overlapping occurrences of `query` in `body`, both as folded code point arrays. */
function occurrences(body: string[], query: string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i + query.length <= body.length; ) {
    let j = 0;
    while (j < query.length && body[i + j] === query[j]) j++;
    if (j === query.length) {
      found.push(i);
      i += query.length;
    } else i++;
  }
  return found;
}

/**
 * Plain text around the first hit, with every hit inside it as code point offsets. The database
 * decided the message matches; if its case folding found a hit this simple folding cannot see, the
 * snippet is the start of the body with no highlights rather than an error.
 */
export function buildSnippet(body: string, query: string): Snippet {
  const chars = [...body];
  const q = [...query].map(fold);
  const hits = q.length === 0 ? [] : occurrences(chars.map(fold), q);
  const first = hits[0] ?? 0;
  const start = chars.length <= SNIPPET_MAX ? 0 : Math.max(0, Math.min(first - CONTEXT_BEFORE, chars.length - SNIPPET_MAX));
  const end = Math.min(chars.length, start + SNIPPET_MAX);
  return {
    text: chars.slice(start, end).join(''),
    truncatedStart: start > 0,
    truncatedEnd: end < chars.length,
    matches: hits.filter((h) => h >= start && h + q.length <= end).map((h) => ({ start: h - start, length: q.length })),
  };
}
