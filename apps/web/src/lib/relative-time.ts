/**
 * Message times as people read them: "just now", "5 minutes ago", "14:32", "Nov 3, 14:32", and day
 * labels ("Today", "Yesterday", "Wednesday", "November 3, 2026"). Everything is in the browser's
 * local time zone, and `now` is passed in so callers share one clock and tests can fix it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The words Intl cannot say the way a chat app does (its "now"/"today" are lower-case in English). */
export interface TimeLabels {
  justNow: string;
  today: string;
  yesterday: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, options);
    formats.set(key, f);
  }
  return f;
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(lang: string): Intl.RelativeTimeFormat {
  let f = relativeFormats.get(lang);
  if (!f) {
    f = new Intl.RelativeTimeFormat(lang, { numeric: 'always', style: 'long' });
    relativeFormats.set(lang, f);
  }
  return f;
}

/** Local midnight of the day `ms` falls on. */
export function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole local calendar days from `ms` to `now` (0 today, 1 yesterday); DST days count as one. */
export function localDaysAgo(ms: number, now: number): number {
  const a = new Date(startOfLocalDay(ms));
  const b = new Date(startOfLocalDay(now));
  // Date.UTC of the local calendar dates, so a 23- or 25-hour day still counts as exactly one.
  const utc = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((utc(b) - utc(a)) / (24 * HOUR));
}

/** Clock time only, in the language's convention ("14:32", "2:32 PM"). */
export function formatClock(ms: number, lang: string): string {
  return dateFormat(lang, { hour: 'numeric', minute: '2-digit' }).format(ms);
}

/** The exact moment, for titles and screen readers: "Tuesday, November 3, 2026 at 2:32 PM". */
export function formatExact(ms: number, lang: string): string {
  return dateFormat(lang, { dateStyle: 'full', timeStyle: 'short' }).format(ms);
}

/**
 * A message header's time: "just now" under a minute, "N minutes ago" under an hour, the clock time
 * later today, and the date with the time before that (the year only when it is not this year's).
 * A time slightly in the future (a fast clock elsewhere) reads as "just now".
 */
export function formatRelative(ms: number, now: number, lang: string, labels: TimeLabels): string {
  const age = now - ms;
  if (age < MINUTE) return labels.justNow;
  if (age < HOUR) return relativeFormat(lang).format(-Math.floor(age / MINUTE), 'minute');
  if (localDaysAgo(ms, now) === 0) return formatClock(ms, lang);
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return dateFormat(lang, { ...(!sameYear && { year: 'numeric' }), month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(ms);
}

/** A day separator's label: "Today", "Yesterday", the weekday within the last week, else the full date. */
export function formatDay(dayMs: number, now: number, lang: string, labels: TimeLabels): string {
  const days = localDaysAgo(dayMs, now);
  if (days === 0) return labels.today;
  if (days === 1) return labels.yesterday;
  if (days > 1 && days < 7) return dateFormat(lang, { weekday: 'long' }).format(dayMs);
  return dateFormat(lang, { dateStyle: 'long' }).format(dayMs);
}
