import type { SeriesPoint } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { messagesSummary, messagesTable, onlineSummary, onlineTable, type Translate } from './dashboard-text';

/** Echoes the key and its values, so the tests see exactly what would be translated. */
const t: Translate = (key, values) => (values ? `${key} ${JSON.stringify(values)}` : key);

const at = (h: number, m = 0, day = 3) => new Date(2026, 10, day, h, m).toISOString();
const hours = (values: number[]): SeriesPoint[] => values.map((value, i) => ({ at: at(i), value }));

describe('messagesSummary', () => {
  it('names the total and the busiest hour with grouped numbers', () => {
    const points = hours([0, 3, 1210, 2]);
    expect(messagesSummary(t, points, '24h', 'en')).toBe(
      `adminDashboard.messages24hSummary ${JSON.stringify({ count: 1215, total: '1,215', peak: '1,210', time: '02:00' })}`,
    );
  });

  it('dates the busiest hour on the 30-day range', () => {
    const points = [{ at: at(14, 0, 2), value: 5 }, { at: at(9, 0, 3), value: 2 }];
    expect(messagesSummary(t, points, '30d', 'zh-CN')).toContain('"time":"11/2 14:00"');
  });

  it('says so when there were no messages', () => {
    expect(messagesSummary(t, hours([0, 0]), '24h', 'en')).toBe('adminDashboard.messages24hNone');
    expect(messagesSummary(t, [], '30d', 'en')).toBe('adminDashboard.messages30dNone');
  });
});

describe('onlineSummary', () => {
  it('names the count now and the peak sample time', () => {
    const points = [{ at: at(9, 5), value: 2 }, { at: at(9, 10), value: 7 }, { at: at(9, 15), value: 4 }];
    expect(onlineSummary(t, points, 4, 'en')).toBe(`adminDashboard.onlineSummary ${JSON.stringify({ now: '4', peak: '7', time: '09:10' })}`);
  });

  it('says nobody was online when no sample saw anyone', () => {
    expect(onlineSummary(t, hours([0, 0]), 0, 'en')).toBe('adminDashboard.onlineNone');
  });
});

describe('chart tables', () => {
  it('lists every hour on the 24-hour range and daily totals on the 30-day one', () => {
    expect(messagesTable(t, hours([1, 2]), '24h', 'en').rows).toEqual([['00:00', '1'], ['01:00', '2']]);
    const month = [...hours(Array(24).fill(1)), { at: at(0, 0, 4), value: 5 }];
    expect(messagesTable(t, month, '30d', 'en').rows).toEqual([['11/3', '24'], ['11/4', '5']]);
  });

  it('keeps the highest online sample of each hour', () => {
    const points = [{ at: at(9, 0), value: 2 }, { at: at(9, 30), value: 6 }, { at: at(10, 0), value: 1 }];
    expect(onlineTable(t, points, 'en').rows).toEqual([['09:00', '6'], ['10:00', '1']]);
  });
});
