import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invite } from '@parley/protocol';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { invite as createInvite } from '../../ws/room-actions';
import { inviteLink } from '../rooms/invite-link';

/** How long "Copied" stays on the button before it reads "Copy" again. */
const COPIED_MS = 2000;

type CopyResult = 'copied' | 'copy-failed';

/**
 * Copies the input's text. The Clipboard API needs a secure context, and a self-hosted server is often
 * plain HTTP on a LAN: then the selected text is copied the old way, and if even that is refused it
 * stays selected for the user to copy by hand.
 */
async function copyFrom(input: HTMLInputElement): Promise<CopyResult> {
  input.focus();
  input.select();
  if (window.isSecureContext && typeof navigator.clipboard?.writeText === 'function') {
    try {
      await navigator.clipboard.writeText(input.value);
      return 'copied';
    } catch {
      // Permission refused: fall through to the selection.
    }
  }
  // execCommand is deprecated but remains the only copy path outside a secure context.
  return document.execCommand('copy') ? 'copied' : 'copy-failed';
}

/**
 * Creates an invite link on request and copies it: the body of the invite dialog and of room settings
 * (which lists live invites and learns of a new one through `onCreated`).
 */
export function InvitePanel({ roomId, onCreated }: { roomId: string; onCreated?(): void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [invite, setInvite] = useState<Invite | undefined>();
  const [status, setStatus] = useState<'idle' | 'busy' | CopyResult>('idle');
  const [error, setError] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);
  const link = invite ? inviteLink(location.origin, invite.roomId, invite.code) : '';

  useEffect(() => {
    if (status !== 'copied') return;
    const timer = setTimeout(() => setStatus('idle'), COPIED_MS);
    return () => clearTimeout(timer);
  }, [status]);

  async function create() {
    setStatus('busy');
    setError(undefined);
    try {
      setInvite(await createInvite(roomId));
      onCreated?.();
    } catch (err) {
      setError(errorText(err));
    }
    setStatus('idle');
  }

  async function copy() {
    if (inputRef.current) setStatus(await copyFrom(inputRef.current));
  }

  const until = invite ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(invite.expiresAt)) : '';

  return (
    <>
      {!invite && (
        <button type="button" className="btn btn-primary" onClick={() => void create()} disabled={status === 'busy'} data-testid="create-invite">
          <i className="fa-solid fa-link me-2" aria-hidden="true" />
          {t('invite.create')}
        </button>
      )}
      {invite && (
        <>
          <label htmlFor={`invite-output-${roomId}`} className="form-label">{t('invite.link')}</label>
          <div className="input-group mb-2">
            <input
              id={`invite-output-${roomId}`}
              ref={inputRef}
              className="form-control font-monospace"
              readOnly
              value={link}
              onFocus={(e) => e.target.select()}
              data-testid="invite-link"
            />
            <button type="button" className={`btn ${status === 'copied' ? 'btn-success' : 'btn-outline-primary'} text-nowrap`} onClick={() => void copy()} data-testid="copy-invite">
              <i className={`fa-solid ${status === 'copied' ? 'fa-check' : 'fa-copy'} me-1`} aria-hidden="true" />
              {t(status === 'copied' ? 'invite.copied' : 'invite.copy')}
            </button>
          </div>
          <p className={`form-text mb-0${status === 'copy-failed' ? ' text-warning-emphasis' : ''}`} role="status" data-testid="invite-status">
            {status === 'copy-failed' ? t('invite.copyFailed') : t('invite.help', { date: until })}
          </p>
        </>
      )}
      {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert">{error}</div>}
    </>
  );
}

/** Owners and admins create a one-time-visible invite link here and copy it. */
export function InviteDialog({ roomId, onClose }: { roomId: string; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('invite.title')} onClose={onClose} testId="invite-dialog">
      <InvitePanel roomId={roomId} />
    </Modal>
  );
}
