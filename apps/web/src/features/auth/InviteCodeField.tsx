import { useTranslation } from 'react-i18next';

/** The invite link (or bare code) an invite-only instance asks a new account for. */
export function InviteCodeField({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="mb-3">
      <div className="alert alert-info py-2 small" role="note">
        <i className="fa-solid fa-envelope-open-text me-2" aria-hidden="true" />
        {t('registration.inviteOnly')}
      </div>
      <label htmlFor="auth-invite" className="form-label">{t('registration.inviteCode')}</label>
      <input id="auth-invite" className="form-control" autoComplete="off" autoCapitalize="none" spellCheck={false} required
        value={value} onChange={(e) => onChange(e.target.value)} aria-describedby="auth-invite-help" data-testid="auth-invite" />
      <div id="auth-invite-help" className="form-text">{t('registration.inviteCodeHelp')}</div>
    </div>
  );
}
