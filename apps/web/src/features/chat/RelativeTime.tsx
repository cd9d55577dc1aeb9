import { formatClock, formatExact, formatRelative } from '../../lib/relative-time';
import { useMinuteClock } from './useMinuteClock';
import { useTimeLabels } from './useTimeLabels';

interface RelativeTimeProps {
  iso: string;
  /** `relative` ("5 minutes ago", updating) for headers; `clock` ("14:32") for the gutter of grouped messages. */
  variant?: 'relative' | 'clock';
  className?: string;
}

/**
 * A message time. Sighted users see the short form with the exact time as a tooltip; screen readers
 * get the exact time instead, because "5 minutes ago" read later is wrong.
 */
export function RelativeTime({ iso, variant = 'relative', className }: RelativeTimeProps) {
  const { lang, labels } = useTimeLabels();
  const now = useMinuteClock();
  const ms = Date.parse(iso);
  const exact = formatExact(ms, lang);
  const shown = variant === 'clock' ? formatClock(ms, lang) : formatRelative(ms, now, lang, labels);
  return (
    <time className={className} dateTime={iso} title={exact} data-testid="message-time">
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{exact}</span>
    </time>
  );
}
