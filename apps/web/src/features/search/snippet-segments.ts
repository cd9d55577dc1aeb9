import type { SearchMatch } from '@parley/protocol';

/** A piece of a snippet: highlighted where the query matched. */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

/**
 * Splits a plain-text snippet at the server's match offsets, which count code points (an emoji or a
 * rare CJK character outside the BMP is one, not two UTF-16 units). The pieces are rendered as text
 * nodes, so a snippet can never become markup. Overlapping, unsorted or out-of-range matches are
 * clamped and merged rather than trusted.
 */
export function snippetSegments(snippet: string, matches: readonly SearchMatch[]): SnippetSegment[] {
  const points = [...snippet];
  const marked = new Array<boolean>(points.length).fill(false);
  for (const { start, length } of matches) {
    for (let i = Math.max(0, start); i < Math.min(points.length, start + length); i++) marked[i] = true;
  }
  const segments: SnippetSegment[] = [];
  for (let i = 0; i < points.length; i++) {
    const last = segments[segments.length - 1];
    if (last && last.match === marked[i]) last.text += points[i];
    else segments.push({ text: points[i]!, match: marked[i]! });
  }
  return segments;
}

/** The query as the server reads it (NFC, trimmed); it searches only from two code points. */
export function normalizeQuery(raw: string): string {
  return raw.normalize('NFC').trim();
}

export const MIN_QUERY = 2;
export const MAX_QUERY = 200;

export function isSearchable(q: string): boolean {
  const n = [...q].length;
  return n >= MIN_QUERY && n <= MAX_QUERY;
}
