import type { MentionViewer } from './mention-rule';
import { renderMarkdown } from './render-markdown';
import { sanitizeHtml } from './sanitize-html';

/**
 * Parsing is the costly part of showing a message, and a long history re-renders often (new
 * messages, presence, scrolling), so each body is parsed once. Bodies are the key: edits or
 * identical messages in other rooms share the entry. The cap bounds memory in a long session.
 */
const MAX_CACHED = 1000;
const cache = new Map<string, string>();

/** Sanitised HTML for a message body, the only input MessageBody.tsx passes to innerHTML. */
export function messageHtml(body: string, viewer?: MentionViewer): string {
  // The reader's name and whether @here/@all counts change which pills stand out, so they are part of the key.
  const key = viewer ? `${viewer.self}\u0000${viewer.everyone ? 1 : 0}\u0000${body}` : body;
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Re-inserting keeps the Map in least-recently-used order for the eviction below.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  // Trimmed so the body's text ends where the message does (markdown-it ends every block with a newline).
  const html = sanitizeHtml(renderMarkdown(body, viewer)).trim();
  cache.set(key, html);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return html;
}
