import { describe, expect, it } from 'vitest';
import { buildSnippet, SNIPPET_MAX } from './search-snippet.js';

describe('buildSnippet', () => {
  it('keeps a short body whole and marks every case-insensitive hit in code points', () => {
    expect(buildSnippet('🎉 Deploy: deploy DEPLOY', 'deploy')).toEqual({
      text: '🎉 Deploy: deploy DEPLOY',
      truncatedStart: false,
      truncatedEnd: false,
      matches: [{ start: 2, length: 6 }, { start: 10, length: 6 }, { start: 17, length: 6 }],
    });
  });

  it('counts overlapping repeats once, left to right', () => {
    expect(buildSnippet('aaaa', 'aa').matches).toEqual([{ start: 0, length: 2 }, { start: 2, length: 2 }]);
  });

  it('cuts a long body around the first hit without splitting a surrogate pair', () => {
    const body = `${'𝒳'.repeat(500)}数据库${'𝒳'.repeat(500)}`;
    const s = buildSnippet(body, '数据库');
    expect([...s.text]).toHaveLength(SNIPPET_MAX);
    expect(s).toMatchObject({ truncatedStart: true, truncatedEnd: true, matches: [{ start: 60, length: 3 }] });
    expect(s.text.startsWith('𝒳')).toBe(true);
  });

  it('ends a snippet at the body end when the hit is near it', () => {
    const s = buildSnippet(`${'x'.repeat(300)}tail`, 'tail');
    expect(s).toMatchObject({ truncatedStart: true, truncatedEnd: false, matches: [{ start: 196, length: 4 }] });
  });

  it('falls back to the start of the body, unhighlighted, when it cannot see the hit the database found', () => {
    expect(buildSnippet(`İ${'y'.repeat(300)}`, 'i̇y')).toMatchObject({ truncatedStart: false, truncatedEnd: true, matches: [] });
  });
});
