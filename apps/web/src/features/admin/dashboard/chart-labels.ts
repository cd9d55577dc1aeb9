const pad2 = (n: number) => String(n).padStart(2, '0');

/** "14:35": a sample's local time. */
export function timeLabel(at: string): string {
  const d = new Date(at);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** "14:00": the local time an hour bucket starts at ("05:30" where the zone is half an hour off UTC). */
export const hourLabel = timeLabel;

/** "11/3": month and day, the short form both English and Chinese readers know. */
export function dayLabel(at: string): string {
  const d = new Date(at);
  return `${d.getMonth() + 1}/${d.getDate()}`;
}

/** "11/3 14:00". */
export function dayHourLabel(at: string): string {
  return `${dayLabel(at)} ${hourLabel(at)}`;
}

/** Whole numbers with the language's grouping: 12,345 (both en and zh-CN group by thousands). */
export function formatCount(n: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n);
}
