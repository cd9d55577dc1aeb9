import { describe, expect, it } from 'vitest';
import { isSearchable, normalizeQuery, snippetSegments } from './snippet-segments';

describe('snippetSegments', () => {
  it('highlights a Chinese match inside the snippet', () => {
    expect(snippetSegments('我们的数据库挂了', [{ start: 3, length: 3 }])).toEqual([
      { text: '我们的', match: false },
      { text: '数据库', match: true },
      { text: '挂了', match: false },
    ]);
  });

  it('counts code points, so an emoji before the match does not shift it', () => {
    expect(snippetSegments('🔥🔥 db down', [{ start: 3, length: 2 }])).toEqual([
      { text: '🔥🔥 ', match: false },
      { text: 'db', match: true },
      { text: ' down', match: false },
    ]);
  });

  it('highlights every match, merging ones that touch or overlap', () => {
    const parts = snippetSegments('abab abab', [{ start: 5, length: 2 }, { start: 0, length: 2 }, { start: 1, length: 3 }]);
    expect(parts).toEqual([
      { text: 'abab', match: true },
      { text: ' ', match: false },
      { text: 'ab', match: true },
      { text: 'ab', match: false },
    ]);
  });

  it('clamps matches that run past the end instead of inventing text', () => {
    expect(snippetSegments('abc', [{ start: 2, length: 10 }, { start: 9, length: 1 }])).toEqual([
      { text: 'ab', match: false },
      { text: 'c', match: true },
    ]);
  });

  it('keeps markup-looking text as text', () => {
    const parts = snippetSegments('<img src=x onerror=alert(1)>', [{ start: 1, length: 3 }]);
    expect(parts.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('queries', () => {
  it('searches from two characters after trimming, Chinese included', () => {
    expect(isSearchable(normalizeQuery('  数据 '))).toBe(true);
    expect(isSearchable(normalizeQuery(' 数 '))).toBe(false);
    expect(isSearchable(normalizeQuery('😀'))).toBe(false);
    expect(isSearchable('x'.repeat(201))).toBe(false);
  });
});
