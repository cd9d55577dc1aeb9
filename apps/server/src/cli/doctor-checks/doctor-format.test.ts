import { describe, expect, it } from 'vitest';
import { measureSkew, skewResult } from './clock.js';
import { formatJsonReport, formatReport } from './report.js';
import { fail, ok, warn } from './types.js';

describe('doctor clock skew', () => {
  it('is fine up to 2 s, a warning up to 30 s, a problem beyond', () => {
    expect(skewResult('redis clock', 'Redis', 'this host', 1999)).toEqual({ check: 'redis clock', status: 'ok', message: 'Redis is 2.0 s ahead of this host' });
    expect(skewResult('redis clock', 'Redis', 'this host', -2001)).toEqual({
      check: 'redis clock',
      status: 'warn',
      message: 'Redis is 2.0 s behind this host',
      fix: expect.stringMatching(/^synchronise the clocks with NTP/),
    });
    expect(skewResult('redis clock', 'Redis', 'this host', 30_001).status).toBe('fail');
    expect(skewResult('redis clock', 'Redis', 'this host', -30_000).status).toBe('warn');
  });

  it('compares a remote clock with the middle of the round trip', async () => {
    let t = 1000;
    const now = () => t;
    // The remote read takes 400 ms and the remote clock says 1200: exactly the midpoint, no skew.
    const skew = await measureSkew(async () => {
      t += 400;
      return 1200;
    }, now);
    expect(skew).toBe(0);
  });
});

describe('doctor report', () => {
  it('prints a mark per finding, the fix under each warning and problem, and a summary', () => {
    const text = formatReport([ok('config', 'loaded'), warn('disk', 'low on space', 'free some'), fail('migrations', '2 pending', 'run parley migrate')]);
    expect(text).toBe(
      [
        '✓ config      loaded',
        '! disk        low on space',
        '              fix: free some',
        '✗ migrations  2 pending',
        '              fix: run parley migrate',
        '',
        '1 problem, 1 warning: see the fixes above.',
        '',
      ].join('\n'),
    );
  });

  it('says all checks passed when nothing is wrong', () => {
    expect(formatReport([ok('config', 'loaded')])).toMatch(/\n\nAll checks passed\.\n$/);
    expect(formatReport([ok('config', 'loaded'), warn('disk', 'low', 'free'), warn('x', 'y', 'z')])).toMatch(/\n\nNo problems, 2 warnings\.\n$/);
  });

  it('gives scripts the same findings as JSON', () => {
    expect(JSON.parse(formatJsonReport([ok('config', 'loaded'), fail('redis', 'down', 'start it')]))).toEqual({
      ok: false,
      problems: 1,
      warnings: 0,
      checks: [
        { check: 'config', status: 'ok', message: 'loaded' },
        { check: 'redis', status: 'fail', message: 'down', fix: 'start it' },
      ],
    });
  });
});
