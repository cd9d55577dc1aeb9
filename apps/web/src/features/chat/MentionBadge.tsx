import { useTranslation } from 'react-i18next';
import { unreadLabel } from '../../ws/unread';

/** The red "@3" beside a room: unread messages that mention the user, shown even when the room is muted. */
export function MentionBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count <= 0) return null;
  return (
    <span className="badge rounded-pill text-bg-danger mention-badge" data-testid="mention-badge" data-count={count}>
      <span aria-hidden="true">@{unreadLabel(count)}</span>
      <span className="visually-hidden">{t('mentions.count', { count })}</span>
    </span>
  );
}
