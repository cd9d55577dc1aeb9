import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listBans, unbanUser } from '../../api/moderation';
import { Avatar } from '../../components/Avatar';
import { useErrorText } from '../../components/useErrorText';
import { formatWhen, useModerationList } from './useModerationList';

/** Who is banned from the room, by whom, when and why, with an unban button each (owners and admins). */
export function BansSection({ roomId }: { roomId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const load = useCallback(() => listBans(roomId), [roomId]);
  const { items, error, setError, reload } = useModerationList(load);
  const [done, setDone] = useState<string | undefined>();

  async function unban(userId: string, name: string) {
    setError(undefined);
    setDone(undefined);
    try {
      await unbanUser(roomId, userId);
      setDone(t('moderation.unbanned', { name }));
    } catch (err) {
      setError(errorText(err));
    }
    reload();
  }

  return (
    <section className="border-top mt-4 pt-3" aria-labelledby="room-settings-bans" data-testid="bans-section">
      <h3 id="room-settings-bans" className="h6 fw-semibold">{t('moderation.bansSection')}</h3>
      {!items && !error && <p className="small text-body-secondary">{t('moderation.loading')}</p>}
      {items?.length === 0 && <p className="small text-body-secondary mb-0" data-testid="bans-empty">{t('moderation.bansEmpty')}</p>}
      <ul className="list-unstyled mb-0">
        {items?.map((b) => (
          <li key={b.user.id} className="d-flex align-items-center gap-2 py-1 border-bottom" data-testid="ban-row" data-username={b.user.username}>
            <Avatar userId={b.user.id} name={b.user.displayName} avatar={b.user.avatar} />
            <span className="d-flex flex-column flex-grow-1 min-w-0 lh-sm">
              <span className="text-truncate" title={b.user.displayName}>{b.user.displayName}</span>
              <span className="small text-body-secondary text-break">{t('moderation.banMeta', { name: b.by.displayName, date: formatWhen(i18n.language, b.at) })}</span>
              {b.reason && <span className="small text-body-secondary text-break" data-testid="ban-reason-text">{t('moderation.banReason', { reason: b.reason })}</span>}
            </span>
            <button
              type="button"
              className="btn btn-sm btn-outline-secondary text-nowrap"
              onClick={() => void unban(b.user.id, b.user.displayName)}
              aria-label={t('moderation.unbanLabel', { name: b.user.displayName })}
              data-testid="unban"
            >
              {t('moderation.unban')}
            </button>
          </li>
        ))}
      </ul>
      <p role="status" className="small text-success mb-0 mt-2">{done}</p>
      {error && <div className="alert alert-danger py-2 mt-2 mb-0" role="alert">{error}</div>}
    </section>
  );
}
