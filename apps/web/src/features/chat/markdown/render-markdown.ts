import MarkdownIt, { type MarkdownIt as Markdown } from 'markdown-it';
import { addMentionRule, type MentionViewer } from './mention-rule';

/**
 * The markdown a chat message may use: emphasis, strikethrough, inline code, fenced code blocks,
 * links (bare URLs too), lists and block quotes. Everything else stays literal text: raw HTML,
 * images, headings, rules, tables, indented code and link reference definitions. Headings are off
 * because "# done" in a chat line is rarely meant as a document title.
 */
const BLOCK_RULES = ['blockquote', 'fence', 'list'];
const INLINE_RULES = ['backticks', 'emphasis', 'strikethrough', 'link', 'autolink', 'linkify', 'newline', 'escape'];

/** Schemes that may become a link. Anything else (javascript:, data:, vbscript:, file:, relative) stays text. */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Top-level domains a bare "example.com" links with. linkify-it's default also matches every two-letter
 * country code, which turns file names such as setup.py or readme.md into links; this list keeps the
 * common ones that people actually paste.
 */
const FUZZY_TLDS = [
  'com', 'net', 'org', 'edu', 'gov', 'info', 'biz', 'io', 'dev', 'app', 'ai', 'co', 'me', 'tv',
  'cn', 'hk', 'tw', 'jp', 'kr', 'sg', 'uk', 'de', 'fr', 'eu', 'us', 'ca', 'au', 'xyz', 'tech', 'site',
];

/** True when a (normalised) link target uses one of the allowed schemes. */
export function isSafeHref(url: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
  return scheme !== undefined && SAFE_SCHEMES.has(scheme);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function createRenderer(): Markdown {
  // html:false means "<b>" reaches the output escaped, as text; breaks:true because a chat message's
  // single newline is a line break, not a soft wrap.
  const md = new MarkdownIt('zero', { html: false, breaks: true, linkify: true, maxNesting: 40 });
  md.enable(BLOCK_RULES).enable(INLINE_RULES).enable(['linkify'], true);
  md.linkify.set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false }).tlds(FUZZY_TLDS, false);
  // Schemes markdown-it's linkify knows besides http(s) and mailto: not links in a chat.
  md.linkify.add('ftp:', null).add('//', null);
  md.validateLink = isSafeHref;
  addMentionRule(md);

  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
    return self.renderToken(tokens, idx, options);
  };
  // No highlighting and no language class: the info string is dropped, the code is shown as typed.
  md.renderer.rules.fence = (tokens, idx) => `<pre><code>${escapeHtml(tokens[idx]!.content.replace(/\n$/, ''))}</code></pre>\n`;
  return md;
}

/**
 * markdown-it silently drops everything below its nesting limit, so a line of 500 ">" would lose its
 * text. Quote markers past this depth are folded into the last level instead.
 */
const MAX_QUOTE_DEPTH = 8;
const DEEP_QUOTE = new RegExp(`^((?:[ \\t]*>){${MAX_QUOTE_DEPTH}})(?:[ \\t]*>)+`, 'gm');

let renderer: Markdown | undefined;

/**
 * Turns a message body into HTML. The output is safe by construction (no raw HTML, only allowed link
 * schemes, every text escaped); the caller still sanitises it (sanitize-html.ts) as a second fence.
 */
export function renderMarkdown(body: string, viewer?: MentionViewer): string {
  renderer ??= createRenderer();
  return renderer.render(body.replace(DEEP_QUOTE, '$1'), viewer ? { mention: viewer } : {});
}
