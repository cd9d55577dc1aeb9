import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/api-error';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { navigate, roomPath } from '../../lib/router';
import { joinAndFollow } from '../../ws/room-actions';
import { useChatController } from '../chat/useChat';
import { parseInviteLink } from './invite-link';

/** Joins a private room from a pasted (or opened) invite link. */
export function JoinInviteDialog({ initialLink, onClose }: { initialLink: string; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const [link, setLink] = useState(initialLink);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const invite = parseInviteLink(link);
    if (!invite) {
      setError(t('joinInvite.invalid'));
      return;
    }
    setBusy(true);
    try {
      await joinAndFollow(ctrl, invite.roomId, invite.code);
      navigate(roomPath(invite.roomId), { replace: true });
      onClose();
    } catch (err) {
      // A wrong or expired code answers room_not_found, so as not to confirm the room exists.
      setError(isApiError(err, 'room_not_found') ? t('joinInvite.notFound') : errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t('joinInvite.title')} onClose={onClose} testId="join-invite-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="mb-3">
          <label htmlFor="invite-link" className="form-label">{t('joinInvite.label')}</label>
          <input
            id="invite-link"
            className="form-control font-monospace"
            autoComplete="off"
            spellCheck={false}
            value={link}
            onChange={(e) => setLink(e.target.value)}
            aria-describedby="invite-link-help"
            placeholder={`${location.origin}/invite/…`}
          />
          <div id="invite-link-help" className="form-text">{t('joinInvite.help')}</div>
        </div>
        {error && <div className="alert alert-danger py-2" role="alert">{error}</div>}
        <div className="d-flex justify-content-end gap-2">
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="join-invite-submit">{t('joinInvite.submit')}</button>
        </div>
      </form>
    </Modal>
  );
}
