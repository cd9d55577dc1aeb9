import type { SeriesPoint } from '@parley/protocol';
import { bucketPoints, summarize } from './chart-math';
import { dayHourLabel, dayLabel, formatCount, hourLabel, timeLabel } from './chart-labels';
import type { ChartTable } from './TimeSeriesChart';

/** i18next's t, narrowed to what these helpers use, so they can be tested with a stand-in. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

export type MessagesRange = '24h' | '30d';

/** "1,234 messages in the last 24 hours, peak 210 at 14:00", or that there were none. */
export function messagesSummary(t: Translate, points: readonly SeriesPoint[], range: MessagesRange, lang: string): string {
  const { total, peak } = summarize(points);
  const prefix = range === '24h' ? 'adminDashboard.messages24h' : 'adminDashboard.messages30d';
  if (!peak) return t(`${prefix}None`);
  return t(`${prefix}Summary`, {
    count: total,
    total: formatCount(total, lang),
    peak: formatCount(peak.value, lang),
    time: range === '24h' ? hourLabel(peak.at) : dayHourLabel(peak.at),
  });
}

/** "Now 12 online; peak 40 at 14:35 in the last 24 hours", or that nobody was online. */
export function onlineSummary(t: Translate, points: readonly SeriesPoint[], now: number, lang: string): string {
  const { peak } = summarize(points);
  if (!peak && now === 0) return t('adminDashboard.onlineNone');
  return t('adminDashboard.onlineSummary', {
    now: formatCount(now, lang),
    peak: formatCount(Math.max(peak?.value ?? 0, now), lang),
    time: peak ? timeLabel(peak.at) : t('adminDashboard.justNow'),
  });
}

/** The numbers behind a messages chart: every hour of the last 24, or every day of the last 30. */
export function messagesTable(t: Translate, points: readonly SeriesPoint[], range: MessagesRange, lang: string): ChartTable {
  const rows = range === '24h' ? points : bucketPoints(points, 'day');
  return {
    caption: t(range === '24h' ? 'adminDashboard.messages24hTitle' : 'adminDashboard.messages30dTable'),
    headers: [t(range === '24h' ? 'adminDashboard.hour' : 'adminDashboard.day'), t('adminDashboard.messagesColumn')],
    rows: rows.map((p) => [range === '24h' ? hourLabel(p.at) : dayLabel(p.at), formatCount(p.value, lang)] as const),
  };
}

/** The online samples as the highest count in each hour: 24 rows instead of 288. */
export function onlineTable(t: Translate, points: readonly SeriesPoint[], lang: string): ChartTable {
  return {
    caption: t('adminDashboard.onlineTitle'),
    headers: [t('adminDashboard.hour'), t('adminDashboard.onlineColumn')],
    rows: bucketPoints(points, 'hour', 'max').map((p) => [hourLabel(p.at), formatCount(p.value, lang)] as const),
  };
}
