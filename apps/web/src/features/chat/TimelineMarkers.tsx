import { useTranslation } from 'react-i18next';
import { formatDay, formatExact } from '../../lib/relative-time';
import { useMinuteClock } from './useMinuteClock';
import { useTimeLabels } from './useTimeLabels';

/** "Today", "Yesterday", "Wednesday", "November 3, 2026": the line between two days of messages. */
export function DaySeparator({ dayMs, rowKey }: { dayMs: number; rowKey: string }) {
  const { lang, labels } = useTimeLabels();
  // Re-evaluated each minute, so "Today" turns into "Yesterday" at midnight.
  const now = useMinuteClock();
  const label = formatDay(dayMs, now, lang, labels);
  return (
    <li className="day-separator" data-key={rowKey} data-testid="day-separator" data-day={new Date(dayMs).toDateString()}>
      <h3 className="day-separator-label" title={formatExact(dayMs, lang)}>
        <time dateTime={new Date(dayMs).toISOString()}>{label}</time>
      </h3>
    </li>
  );
}

/** The line above the first message that arrived since the user last read this room. */
export function UnreadDivider({ rowKey }: { rowKey: string }) {
  const { t } = useTranslation();
  return (
    <li className="unread-divider" data-key={rowKey} data-testid="unread-divider">
      <span className="unread-divider-label">{t('chat.newMessages')}</span>
    </li>
  );
}
