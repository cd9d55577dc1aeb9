import { describe, expect, it } from 'vitest';
import { isSafeHref, renderMarkdown } from './render-markdown';

const html = (body: string) => renderMarkdown(body).trim();
/** Every href the output carries. */
const hrefs = (out: string) => [...out.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
const LINK = 'target="_blank" rel="noopener noreferrer"';

describe('renderMarkdown: the chat subset', () => {
  it('renders bold, italic, strikethrough and inline code', () => {
    expect(html('**bold** *it* _it_ ~~gone~~ `a < b`')).toBe(
      '<p><strong>bold</strong> <em>it</em> <em>it</em> <s>gone</s> <code>a &lt; b</code></p>',
    );
  });

  it('leaves underscores inside words alone', () => {
    expect(html('snake_case_name')).toBe('<p>snake_case_name</p>');
  });

  it('treats a single newline as a line break and a blank line as a new paragraph', () => {
    expect(html('one\ntwo\n\nthree')).toBe('<p>one<br>\ntwo</p>\n<p>three</p>');
  });

  it('renders a fenced code block as typed, without a language class', () => {
    expect(html('```js\nconst a = "<b>";\n  **not bold**\n```')).toBe(
      '<pre><code>const a = &quot;&lt;b&gt;&quot;;\n  **not bold**</code></pre>',
    );
  });

  it('renders bullet and numbered lists, keeping the start number', () => {
    expect(html('- a\n- b')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>');
    expect(html('3. three\n4. four')).toBe('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>');
  });

  it('renders block quotes, nested too', () => {
    expect(html('> quote\n>> nested\n\nafter')).toBe(
      '<blockquote>\n<p>quote</p>\n<blockquote>\n<p>nested</p>\n</blockquote>\n</blockquote>\n<p>after</p>',
    );
  });

  it('links markdown links, bare URLs, www. hosts and e-mail addresses, each opening in a new tab', () => {
    const out = html('[docs](https://example.com/a "Title") https://x.org/a_(b) www.example.com mail me@example.com <https://auto.link>');
    expect(hrefs(out)).toEqual(['https://example.com/a', 'https://x.org/a_(b)', 'http://www.example.com', 'mailto:me@example.com', 'https://auto.link']);
    expect(out.match(/<a /g)).toHaveLength(5);
    expect(out.split(LINK)).toHaveLength(6);
  });

  it('does not link file names that end in a country code', () => {
    expect(html('see setup.py and readme.md')).toBe('<p>see setup.py and readme.md</p>');
  });

  it('keeps Chinese text and links to internationalised domains', () => {
    expect(html('中文**粗体**测试 https://例子.测试/路径')).toBe(
      `<p>中文<strong>粗体</strong>测试 <a href="https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84" ${LINK}>https://例子.测试/路径</a></p>`,
    );
  });

  it('shows headings, rules, tables, indented code and reference definitions as plain text', () => {
    expect(html('# title\n---\n    indented\n| a |\n|---|')).toBe('<p># title<br>\n---<br>\nindented<br>\n| a |<br>\n|---|</p>');
    expect(html('[ref]\n\n[ref]: https://example.com')).toBe(
      `<p>[ref]</p>\n<p>[ref]: <a href="https://example.com" ${LINK}>https://example.com</a></p>`,
    );
  });
});

describe('renderMarkdown: hostile input stays text', () => {
  it('escapes raw HTML, so <b> shows as literal text', () => {
    expect(html('<b>hi</b>')).toBe('<p>&lt;b&gt;hi&lt;/b&gt;</p>');
  });

  it.each([
    ['an img onerror', '<img src=x onerror=alert(1)>', '<p>&lt;img src=x onerror=alert(1)&gt;</p>'],
    ['a script tag', '<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['an svg onload', '<svg onload=alert(1)>', '<p>&lt;svg onload=alert(1)&gt;</p>'],
    ['a raw anchor', '<a href="javascript:alert(1)">x</a>', '<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>'],
  ])('escapes %s', (_name, body, expected) => {
    expect(html(body)).toBe(expected);
  });

  it.each([
    ['javascript:', '[x](javascript:alert(1))'],
    ['mixed-case JaVaScRiPt:', '[x](JaVaScRiPt:alert(1))'],
    ['entity-encoded javascript:', '[x](&#106;avascript:alert(1))'],
    ['hex-entity javascript:', '[x](&#x6A;&#x61;vascript:alert(1))'],
    ['javascript: in angle brackets', '[x](<javascript:alert(1)>)'],
    ['javascript: after a tab', '[x](\tjavascript:alert(1))'],
    ['vbscript:', '[x](vbscript:msgbox(1))'],
    ['data: HTML', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['data: image', '[x](data:image/png;base64,iVBORw0KGgo=)'],
    ['file:', '[x](file:///etc/passwd)'],
    ['a relative URL', '[x](/api/me)'],
    ['a protocol-relative URL', '[x](//evil.example)'],
    ['an autolink to javascript:', '<javascript:alert(1)>'],
  ])('makes no link from %s', (_name, body) => {
    const out = html(body);
    expect(out).not.toContain('<a');
    expect(out).not.toMatch(/href=/);
  });

  it('makes no link from bare ftp:// or // URLs', () => {
    expect(html('ftp://x.org //x.org')).toBe('<p>ftp://x.org //x.org</p>');
  });

  it('renders no image from markdown image syntax; the URL becomes an ordinary link', () => {
    const out = html('![cat](https://example.com/cat.png)');
    expect(out).not.toContain('<img');
    expect(out).toBe(`<p>!<a href="https://example.com/cat.png" ${LINK}>cat</a></p>`);
    expect(html('![x](javascript:alert(1))')).not.toContain('<a');
  });

  it('escapes attribute breakouts in link titles and URLs', () => {
    // The quotes end up percent-encoded in the URL and entity-encoded in the title: no new attribute.
    expect(html('[x](https://example.com/"onmouseover="alert(1) "a\\" onclick=\\"b")')).toBe(
      `<p><a href="https://example.com/%22onmouseover=%22alert(1)" title="a&quot; onclick=&quot;b" ${LINK}>x</a></p>`,
    );
    expect(html('[x](https://example.com/?q="><script>)')).not.toContain('<script');
  });

  it('keeps HTML in nested quotes and lists escaped', () => {
    const out = html('> > <img src=x onerror=alert(1)>\n> - <script>alert(1)</script>');
    expect(out).not.toMatch(/<(img|script)/);
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('folds absurdly deep quote nesting into eight levels and keeps the text', () => {
    const out = html(`${'> '.repeat(500)} deep <b>x</b>`);
    expect(out.match(/<blockquote>/g)).toHaveLength(8);
    expect(out.match(/<\/blockquote>/g)).toHaveLength(8);
    expect(out).toContain('<p>deep &lt;b&gt;x&lt;/b&gt;</p>');
  });
});

describe('isSafeHref', () => {
  it.each(['https://a.example', 'HTTP://a.example', 'mailto:me@example.com'])('allows %s', (url) => {
    expect(isSafeHref(url)).toBe(true);
  });

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x', 'ftp://x', '/relative', '//host', ''])(
    'refuses %j',
    (url) => {
      expect(isSafeHref(url)).toBe(false);
    },
  );
});
