import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invite } from '@parley/protocol';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { invite as createInvite } from '../../ws/room-actions';
import { inviteLink } from '../rooms/invite-link';

/** Owners and admins create a one-time-visible invite link here and copy it. */
export function InviteDialog({ roomId, onClose }: { roomId: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [invite, setInvite] = useState<Invite | undefined>();
  const [status, setStatus] = useState<'idle' | 'busy' | 'copied' | 'copy-failed'>('idle');
  const [error, setError] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);
  const link = invite ? inviteLink(location.origin, invite.roomId, invite.code) : '';

  async function create() {
    setStatus('busy');
    setError(undefined);
    try {
      setInvite(await createInvite(roomId));
    } catch (err) {
      setError(errorText(err));
    }
    setStatus('idle');
  }

  async function copy() {
    inputRef.current?.select();
    try {
      // The Clipboard API needs a secure context; over plain HTTP the selected text is the fallback.
      await navigator.clipboard.writeText(link);
      setStatus('copied');
    } catch {
      setStatus('copy-failed');
    }
  }

  const until = invite ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(invite.expiresAt)) : '';

  return (
    <Modal title={t('invite.title')} onClose={onClose} testId="invite-dialog">
      {!invite && (
        <button type="button" className="btn btn-primary" onClick={() => void create()} disabled={status === 'busy'} data-testid="create-invite">
          <i className="fa-solid fa-link me-2" aria-hidden="true" />
          {t('invite.create')}
        </button>
      )}
      {invite && (
        <>
          <label htmlFor="invite-output" className="form-label">{t('invite.link')}</label>
          <div className="input-group mb-2">
            <input id="invite-output" ref={inputRef} className="form-control font-monospace" readOnly value={link} onFocus={(e) => e.target.select()} data-testid="invite-link" />
            <button type="button" className="btn btn-outline-primary" onClick={() => void copy()} data-testid="copy-invite">
              <i className={`fa-solid ${status === 'copied' ? 'fa-check' : 'fa-copy'} me-1`} aria-hidden="true" />
              {t(status === 'copied' ? 'invite.copied' : 'invite.copy')}
            </button>
          </div>
          <p className="form-text mb-0" role="status">{status === 'copy-failed' ? t('invite.copyFailed') : t('invite.help', { date: until })}</p>
        </>
      )}
      {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert">{error}</div>}
    </Modal>
  );
}
