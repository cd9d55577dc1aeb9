import createDOMPurify, { type Config } from 'dompurify';
import { isSafeHref } from './render-markdown';

/**
 * Exactly what render-markdown.ts emits and nothing more. DOMPurify drops any other tag (keeping its
 * text), any other attribute, and every URL outside http(s) and mailto.
 */
export const SANITIZE_CONFIG = {
  ALLOWED_TAGS: ['p', 'br', 'strong', 'em', 's', 'code', 'pre', 'a', 'ul', 'ol', 'li', 'blockquote', 'span'],
  ALLOWED_ATTR: ['href', 'title', 'target', 'rel', 'start', 'class'],
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
  // DOMPurify holds every attribute not on its URI-safe list to ALLOWED_URI_REGEXP; these are not URLs.
  ADD_URI_SAFE_ATTR: ['start', 'target', 'rel', 'class'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
} satisfies Config;

/** The only classes the renderer emits (mention pills, mention-rule.ts); any other class could restyle the page. */
const MENTION_CLASSES = new Set(['mention', 'mention mention-me']);

function keepMentionClassOnly(node: Element): void {
  const cls = node.getAttribute('class');
  if (cls !== null && (node.nodeName !== 'SPAN' || !MENTION_CLASSES.has(cls))) node.removeAttribute('class');
}

let purifier: ReturnType<typeof createDOMPurify> | undefined;

function createPurifier(): ReturnType<typeof createDOMPurify> {
  // An instance of our own, so these hooks never leak into another caller of DOMPurify.
  const purify = createDOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    keepMentionClassOnly(node);
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    if (href === null || !isSafeHref(href)) {
      node.removeAttribute('href');
      return;
    }
    // Whatever produced the link, it opens elsewhere and cannot reach back through window.opener.
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  return purify;
}

function escapeAsText(html: string): string {
  return html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cleans renderer output for innerHTML. Fails closed: without a working DOMPurify the markup is shown as text. */
export function sanitizeHtml(html: string): string {
  if (typeof window === 'undefined') return escapeAsText(html);
  purifier ??= createPurifier();
  if (!purifier.isSupported) return escapeAsText(html);
  return purifier.sanitize(html, SANITIZE_CONFIG);
}
