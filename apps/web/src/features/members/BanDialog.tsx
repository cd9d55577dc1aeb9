import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '@parley/protocol';
import { banUser } from '../../api/moderation';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { countedLength, fitsLength } from '../rooms/field-errors';

const REASON_MAX = 200;

interface BanDialogProps {
  roomId: string;
  roomName: string;
  member: Member;
  onClose(): void;
}

/**
 * Asks before banning, with an optional reason for the moderators' list. The member list and counts
 * follow the `member.banned` system message, so they change exactly once for everyone.
 */
export function BanDialog({ roomId, roomName, member, onClose }: BanDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const tooLong = !fitsLength(reason, 0, REASON_MAX);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (tooLong) return;
    setBusy(true);
    setError(undefined);
    try {
      await banUser(roomId, member.user.id, reason);
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t('memberActions.banTitle')} onClose={onClose} testId="ban-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('memberActions.banQuestion', { name: member.user.displayName, room: roomName })}</p>
        <div className="d-flex justify-content-between align-items-baseline">
          <label htmlFor="ban-reason" className="form-label">{t('memberActions.banReason')}</label>
          <span className={`small ${tooLong ? 'text-danger' : 'text-body-secondary'}`} aria-hidden="true">
            {countedLength(reason)} / {REASON_MAX}
          </span>
        </div>
        <textarea
          id="ban-reason"
          className={`form-control${tooLong ? ' is-invalid' : ''}`}
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={tooLong || undefined}
          aria-describedby="ban-reason-help"
          data-testid="ban-reason"
        />
        <div id="ban-reason-help" className={tooLong ? 'invalid-feedback d-block' : 'form-text'}>
          {t(tooLong ? 'memberActions.banReasonInvalid' : 'memberActions.banReasonHelp')}
        </div>
        {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="ban-error">{error}</div>}
        <div className="d-flex justify-content-end gap-2 mt-3">
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-danger" disabled={busy || tooLong} data-testid="ban-submit">
            <i className="fa-solid fa-ban me-2" aria-hidden="true" />
            {t('memberActions.banConfirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
