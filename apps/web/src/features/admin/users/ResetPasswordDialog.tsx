import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, PasswordResetAnswer, PasswordResetBody } from '@parley/protocol';
import { Modal } from '../../../components/Modal';
import { useErrorText } from '../../../components/useErrorText';
import { formatExact } from '../../../lib/relative-time';
import { resetUserPassword } from './admin-users-api';
import { CopySecret } from './CopySecret';
import { resetLinkUrl } from './user-actions';

type Mode = PasswordResetBody['mode'];

/** What the admin passes on: the full link (with its expiry) or the temporary password. */
type Secret = { mode: 'link'; url: string; expiresAt: string } | { mode: 'temporary'; password: string };

function toSecret(answer: PasswordResetAnswer): Secret {
  return answer.mode === 'link'
    ? { mode: 'link', url: resetLinkUrl(location.origin, answer.link), expiresAt: answer.expiresAt }
    : { mode: 'temporary', password: answer.temporaryPassword };
}

/**
 * Creates a one-time link or a temporary password for someone else. The secret lives only in this
 * dialog's state: closing it is the last time anyone sees it (the server keeps only a hash).
 */
export function ResetPasswordDialog({ user, onClose }: { user: AdminUser; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [mode, setMode] = useState<Mode>('link');
  const [answer, setAnswer] = useState<Secret | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setAnswer(toSecret(await resetUserPassword(user.id, mode)));
    } catch (err) {
      setError(errorText(err));
    }
    setBusy(false);
  }

  const footer = answer ? (
    // Keyed: a fresh button, not the Cancel button restyled mid-transition.
    <button key="done" type="button" className="btn btn-primary" onClick={onClose} data-testid="reset-done">{t('common.close')}</button>
  ) : (
    <>
      <button type="button" className="btn btn-outline-secondary" onClick={onClose}>{t('common.cancel')}</button>
      <button type="submit" form="reset-password-form" className="btn btn-primary" disabled={busy} data-testid="reset-create">
        {busy && <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />}
        {t('adminReset.create')}
      </button>
    </>
  );

  return (
    <Modal title={t('adminReset.title', { name: user.displayName })} onClose={onClose} testId="reset-password-dialog" footer={footer}>
      {answer ? (
        <ResetSecret answer={answer} />
      ) : (
        <form id="reset-password-form" onSubmit={(e) => void submit(e)} noValidate>
          <p>{t('adminReset.intro', { name: user.displayName })}</p>
          <fieldset>
            <legend className="visually-hidden">{t('adminUsers.resetPassword')}</legend>
            {(['link', 'temporary'] as const).map((m) => (
              <div className="form-check mb-2" key={m}>
                <input className="form-check-input" type="radio" name="reset-mode" id={`reset-mode-${m}`} checked={mode === m}
                  onChange={() => setMode(m)} aria-describedby={`reset-mode-${m}-help`} data-testid={`reset-mode-${m}`} />
                <label className="form-check-label fw-semibold" htmlFor={`reset-mode-${m}`}>
                  {t(m === 'link' ? 'adminReset.modeLink' : 'adminReset.modeTemporary')}
                </label>
                <div id={`reset-mode-${m}-help`} className="form-text mt-0">
                  {t(m === 'link' ? 'adminReset.modeLinkHelp' : 'adminReset.modeTemporaryHelp')}
                </div>
              </div>
            ))}
          </fieldset>
          {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="reset-error">{error}</div>}
        </form>
      )}
    </Modal>
  );
}

function ResetSecret({ answer }: { answer: Secret }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="reset-result">
      <div className="alert alert-warning d-flex gap-2 py-2" role="note">
        <i className="fa-solid fa-eye-slash mt-1" aria-hidden="true" />
        <span>{t('adminReset.onceNote')}</span>
      </div>
      {answer.mode === 'link' ? (
        <>
          <CopySecret label={t('adminReset.linkLabel')} value={answer.url} testId="reset-link" multiline />
          <p className="small text-body-secondary mb-0">{t('adminReset.linkExpires', { when: formatExact(Date.parse(answer.expiresAt), i18n.language) })}</p>
        </>
      ) : (
        <>
          <CopySecret label={t('adminReset.passwordLabel')} value={answer.password} testId="reset-temporary" />
          <p className="small text-body-secondary mb-0">{t('adminReset.passwordNote')}</p>
        </>
      )}
    </div>
  );
}
