import { describe, expect, it } from 'vitest';
import { SANITIZE_CONFIG, sanitizeHtml } from './sanitize-html';
import { renderMarkdown } from './render-markdown';

// DOMPurify needs a DOM, which these node tests do not have; the browser test (apps/web/test/
// xss.browser.test.ts) runs the real sanitiser. Here: the allow-list matches the renderer, and the
// sanitiser fails closed without a DOM.
const EVERY_CONSTRUCT = [
  '**b** *i* ~~s~~ `c`',
  '```\ncode\n```',
  '- a\n- b',
  '2. two',
  '> q',
  '[l](https://example.com "t") https://bare.example.com',
  'line\nbreak',
  'hi @alice',
].join('\n\n');

describe('sanitize-html', () => {
  it('allows exactly the tags and attributes the renderer emits', () => {
    const out = renderMarkdown(EVERY_CONSTRUCT);
    const tags = new Set([...out.matchAll(/<([a-z]+)/g)].map((m) => m[1]));
    const attrs = new Set([...out.matchAll(/ ([a-z]+)="/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual([...SANITIZE_CONFIG.ALLOWED_TAGS].sort());
    expect([...attrs].sort()).toEqual([...SANITIZE_CONFIG.ALLOWED_ATTR].sort());
  });

  it('accepts only http(s) and mailto URLs', () => {
    const re = SANITIZE_CONFIG.ALLOWED_URI_REGEXP;
    expect(['https://a', 'http://a', 'MAILTO:a@b'].every((u) => re.test(u))).toBe(true);
    expect(['javascript:x', 'data:x', 'vbscript:x', '/rel', '//host'].some((u) => re.test(u))).toBe(false);
  });

  it('shows markup as text when there is no DOM to sanitise with', () => {
    expect(sanitizeHtml('<img src=x onerror=alert(1)><p>x</p>')).toBe('&lt;img src=x onerror=alert(1)&gt;&lt;p&gt;x&lt;/p&gt;');
  });
});
