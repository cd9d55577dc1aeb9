import { describe, expect, it } from 'vitest';
import { formatDay, formatExact, formatRelative, localDaysAgo, startOfLocalDay } from './relative-time';

const labels = { justNow: 'just now', today: 'Today', yesterday: 'Yesterday' };
const zhLabels = { justNow: '刚刚', today: '今天', yesterday: '昨天' };
// Local-time constructors keep these tests right in every time zone the suite runs in.
const at = (y: number, mo: number, d: number, h = 12, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();
// A Wednesday.
const NOW = at(2026, 11, 4, 15, 0);

describe('formatRelative', () => {
  it('says "just now" for the first minute, and for a clock running slightly ahead', () => {
    expect(formatRelative(NOW - 59_000, NOW, 'en', labels)).toBe('just now');
    expect(formatRelative(NOW + 5_000, NOW, 'en', labels)).toBe('just now');
    expect(formatRelative(NOW - 30_000, NOW, 'zh-CN', zhLabels)).toBe('刚刚');
  });

  it('counts whole minutes within the hour', () => {
    expect(formatRelative(NOW - 60_000, NOW, 'en', labels)).toBe('1 minute ago');
    expect(formatRelative(NOW - 5 * 60_000 - 59_000, NOW, 'en', labels)).toBe('5 minutes ago');
    expect(formatRelative(NOW - 59 * 60_000, NOW, 'zh-CN', zhLabels)).toBe('59分钟前');
  });

  it('shows the clock time for earlier today', () => {
    expect(formatRelative(at(2026, 11, 4, 9, 5), NOW, 'zh-CN', zhLabels)).toBe('9:05');
    expect(formatRelative(at(2026, 11, 4, 9, 5), NOW, 'en', labels)).toBe('9:05 AM');
  });

  it('adds the date before today, and the year only for other years', () => {
    expect(formatRelative(at(2026, 11, 3, 14, 32), NOW, 'zh-CN', zhLabels)).toBe('11月3日 14:32');
    expect(formatRelative(at(2025, 12, 31, 23, 59), NOW, 'en', labels)).toBe('Dec 31, 2025, 11:59 PM');
  });

  it('switches from minutes ago to the clock time after an hour, across midnight too', () => {
    const now = at(2026, 11, 4, 1, 45);
    expect(formatRelative(at(2026, 11, 4, 0, 30), now, 'zh-CN', zhLabels)).toBe('0:30');
    expect(formatRelative(at(2026, 11, 3, 23, 50), at(2026, 11, 4, 0, 10), 'en', labels)).toBe('20 minutes ago');
  });
});

describe('formatDay', () => {
  it('names today and yesterday', () => {
    expect(formatDay(startOfLocalDay(NOW), NOW, 'en', labels)).toBe('Today');
    expect(formatDay(at(2026, 11, 3, 0, 0), NOW, 'zh-CN', zhLabels)).toBe('昨天');
  });

  it('names the weekday within the last week', () => {
    expect(formatDay(at(2026, 11, 2), NOW, 'en', labels)).toBe('Monday');
    expect(formatDay(at(2026, 10, 29), NOW, 'zh-CN', zhLabels)).toBe('星期四');
  });

  it('gives the full date from a week back', () => {
    expect(formatDay(at(2026, 10, 28), NOW, 'en', labels)).toBe('October 28, 2026');
    expect(formatDay(at(2026, 10, 28), NOW, 'zh-CN', zhLabels)).toBe('2026年10月28日');
  });
});

describe('local days', () => {
  it('counts calendar days, not 24-hour spans', () => {
    expect(localDaysAgo(at(2026, 11, 3, 23, 59), at(2026, 11, 4, 0, 1))).toBe(1);
    expect(localDaysAgo(at(2026, 11, 4, 0, 1), at(2026, 11, 4, 23, 59))).toBe(0);
    expect(localDaysAgo(at(2026, 3, 1), at(2026, 4, 1))).toBe(31);
  });

  it('formats the exact time in full for titles', () => {
    expect(formatExact(at(2026, 11, 3, 14, 32), 'en')).toBe('Tuesday, November 3, 2026 at 2:32 PM');
  });
});
