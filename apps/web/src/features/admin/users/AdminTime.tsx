import { formatExact, formatRelative } from '../../../lib/relative-time';
import { useMinuteClock } from '../../chat/useMinuteClock';
import { useTimeLabels } from '../../chat/useTimeLabels';

/** A past moment as "5 minutes ago" / "Nov 3, 14:32", with the full date as tooltip and for screen readers. */
export function AdminTime({ iso }: { iso: string }) {
  const { lang, labels } = useTimeLabels();
  const now = useMinuteClock();
  const ms = Date.parse(iso);
  const exact = formatExact(ms, lang);
  return (
    <time dateTime={iso} title={exact}>
      <span aria-hidden="true">{formatRelative(ms, now, lang, labels)}</span>
      <span className="visually-hidden">{exact}</span>
    </time>
  );
}
