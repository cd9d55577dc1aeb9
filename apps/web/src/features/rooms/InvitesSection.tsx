import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { listInvites, revokeInvite } from '../../api/moderation';
import { useErrorText } from '../../components/useErrorText';
import { formatWhen, useModerationList } from './useModerationList';

/** Live invite links of a room (never their codes) with a revoke button each; `version` changes reload it. */
export function InvitesSection({ roomId, version }: { roomId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const load = useCallback(() => listInvites(roomId), [roomId]);
  const { items, error, setError, reload } = useModerationList(load);
  // A link created in this dialog shows up in the list (the first load is the hook's own).
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  async function revoke(inviteId: string) {
    setError(undefined);
    try {
      await revokeInvite(roomId, inviteId);
    } catch (err) {
      setError(errorText(err));
    }
    reload();
  }

  return (
    <section className="border-top mt-4 pt-3" aria-labelledby="room-settings-invites" data-testid="invites-section">
      <h3 id="room-settings-invites" className="h6 fw-semibold">{t('moderation.invitesSection')}</h3>
      <p className="small text-body-secondary">{t('moderation.invitesHelp')}</p>
      {!items && !error && <p className="small text-body-secondary">{t('moderation.loading')}</p>}
      {items?.length === 0 && <p className="small text-body-secondary mb-0" data-testid="invites-empty">{t('moderation.invitesEmpty')}</p>}
      <ul className="list-unstyled mb-0">
        {items?.map((i) => {
          const date = formatWhen(i18n.language, i.expiresAt);
          const name = i.createdBy.displayName;
          return (
            <li key={i.id} className="d-flex align-items-center gap-2 py-1 border-bottom" data-testid="invite-row">
              <i className="fa-solid fa-link text-body-secondary" aria-hidden="true" />
              <span className="small flex-grow-1 min-w-0 text-break">{t('moderation.inviteMeta', { name, date })}</span>
              <button
                type="button"
                className="btn btn-sm btn-outline-danger text-nowrap"
                onClick={() => void revoke(i.id)}
                aria-label={t('moderation.revokeLabel', { name, date })}
                data-testid="revoke-invite"
              >
                {t('moderation.revoke')}
              </button>
            </li>
          );
        })}
      </ul>
      {error && <div className="alert alert-danger py-2 mt-2 mb-0" role="alert">{error}</div>}
    </section>
  );
}
