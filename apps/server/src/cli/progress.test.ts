import { describe, expect, it } from 'vitest';
import type { CliIo } from './command.js';
import { createProgress, formatDuration, formatProgress } from './progress.js';

function captureIo(isTty: boolean): CliIo & { stderr: string } {
  const io = { stderr: '', out: () => undefined, err: (t: string) => void (io.stderr += t), isTty, env: {}, cwd: '/' };
  return io;
}

describe('progress bar', () => {
  it('shows the bar, percent, counts, rate and time left', () => {
    expect(formatProgress({ label: 'messages', done: 42_000, total: 100_000, elapsedMs: 10_000 })).toBe(
      'messages [##########--------------]  42% 42,000/100,000  4,200/s  ETA 0:14',
    );
  });

  it('says how long it took once everything is done', () => {
    expect(formatProgress({ label: 'rooms', done: 10, total: 10, elapsedMs: 65_000 })).toBe(
      'rooms [########################] 100% 10/10  0/s  took 1:05',
    );
  });

  it('has no rate or time left before anything is done', () => {
    expect(formatProgress({ label: 'users', done: 0, total: 5, elapsedMs: 0 })).toBe('users [------------------------]   0% 0/5  -/s  ETA -');
  });

  it('counts an empty job as complete', () => {
    expect(formatProgress({ label: 'uploads', done: 0, total: 0, elapsedMs: 5 })).toMatch(/\[#{24}\] 100% 0\/0/);
  });

  it('uses the given count format, e.g. for bytes', () => {
    const mib = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MiB`;
    expect(formatProgress({ label: 'uploads', done: 1024 ** 2, total: 4 * 1024 ** 2, elapsedMs: 1000, formatCount: mib })).toMatch(
      / 25% 1\.0 MiB\/4\.0 MiB  1\.0 MiB\/s  ETA 0:03$/,
    );
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(7_000)).toBe('0:07');
    expect(formatDuration(754_000)).toBe('12:34');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('prints a start line and then one line per 5 percent when stderr is not a terminal', () => {
    const io = captureIo(false);
    let t = 0;
    const bar = createProgress(io, { label: 'messages', total: 1000, now: () => t });
    for (let i = 1; i <= 1000; i++) {
      t += 1;
      bar.add(1);
    }
    bar.finish();
    const lines = io.stderr.trimEnd().split('\n');
    // The first unit shows the start; then 5 %, 10 %, … 100 %.
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^messages \[-{24}\]   0% 1\/1,000/);
    expect(lines[1]).toMatch(/^messages \[#-{23}\]   5% 50\/1,000/);
    expect(lines.at(-1)).toMatch(/100% 1,000\/1,000 .* took 0:01$/);
    expect(io.stderr).not.toContain('\r');
  });

  it('redraws one line in place on a terminal and ends it with a newline', () => {
    const io = captureIo(true);
    let t = 0;
    const bar = createProgress(io, { label: 'rooms', total: 10, now: () => t });
    for (let i = 1; i <= 10; i++) {
      t += 150;
      bar.update(i);
    }
    bar.finish();
    expect(io.stderr.startsWith('\rrooms [')).toBe(true);
    expect(io.stderr.split('\r')).toHaveLength(12);
    expect(io.stderr.endsWith('\x1b[K\n')).toBe(true);
    expect(io.stderr.split('\n')).toHaveLength(2);
  });

  it('does not redraw a terminal line more often than every 100 ms', () => {
    const io = captureIo(true);
    const bar = createProgress(io, { label: 'rooms', total: 1000, now: () => 0 });
    for (let i = 1; i <= 1000; i++) bar.update(i);
    expect(io.stderr.split('\r')).toHaveLength(2);
  });

  it('never moves back and ignores calls after finish', () => {
    const io = captureIo(false);
    const bar = createProgress(io, { label: 'users', total: 4, now: () => 0 });
    bar.update(2);
    bar.update(1);
    bar.finish();
    bar.add(2);
    bar.finish();
    expect(io.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(' 50% 2/4')]);
  });
});
