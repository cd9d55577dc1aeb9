import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DisplayName, Username } from '@parley/protocol';
import { isApiError } from '../../api/api-error';
import { login, register } from '../../api/auth';
import { useErrorText } from '../../components/useErrorText';
import { navigate, roomPath } from '../../lib/router';
import { useRoute } from '../../lib/useRoute';
import { useInstance } from '../instance/useInstance';
import { localPasswordProblem, weakPasswordProblem } from '../profile/password-rules';
import { takeSessionEndedNotice } from '../profile/session-ended';
import { takeResetDoneNotice } from './auth-notices';
import { AuthLayout } from './AuthLayout';
import { inviteCodeFrom } from './invite-code';
import { InviteCodeField } from './InviteCodeField';

type Mode = 'login' | 'register';

interface Fields {
  username: string;
  password: string;
  displayName: string;
  invite: string;
}

/** Checks a registration with the protocol's own rules, so the form and the server agree. */
function validate(mode: Mode, f: Fields, needsInvite: boolean): string | undefined {
  if (mode === 'login') return undefined;
  if (!Username.safeParse(f.username).success) return 'auth.invalidUsername';
  const problem = localPasswordProblem(f.password, f.username);
  if (problem) return `password.weak.${problem}`;
  if (f.displayName.trim() && !DisplayName.safeParse(f.displayName).success) return 'auth.invalidDisplayName';
  if (needsInvite && !inviteCodeFrom(f.invite)) return 'registration.inviteMissing';
  return undefined;
}

export function AuthPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const route = useRoute();
  const registration = useInstance()?.registration ?? 'open';
  const [mode, setMode] = useState<Mode>('login');
  // An invite link opened while signed out prefills the code: the invite is what lets them register.
  const [fields, setFields] = useState<Fields>(() => ({ username: '', password: '', displayName: '', invite: route.name === 'invite' ? route.code : '' }));
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Read once: the session was ended by the server (revoked elsewhere, password changed), not by a sign-out here.
  const [sessionEnded] = useState(takeSessionEndedNotice);
  const [resetDone] = useState(takeResetDoneNotice);
  const needsInvite = registration === 'invite-only';
  const closed = mode === 'register' && registration === 'closed';
  const set = (key: keyof Fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const invalid = validate(mode, fields, needsInvite);
    if (invalid) {
      setError(t(invalid));
      return;
    }
    setBusy(true);
    setError(undefined);
    const { username, password, displayName } = fields;
    const inviteCode = inviteCodeFrom(fields.invite);
    // Registering with the opened invite joins its room already: open the room, not the join dialog.
    if (mode === 'register' && needsInvite && route.name === 'invite' && inviteCode === route.code) navigate(roomPath(route.roomId), { replace: true });
    try {
      if (mode === 'login') await login({ username, password });
      else await register({ username, password, ...(displayName.trim() && { displayName }), ...(needsInvite && inviteCode && { inviteCode }) });
    } catch (err) {
      setError(isApiError(err, 'weak_password') ? t(`password.weak.${weakPasswordProblem(password, username)}`) : errorText(err));
      setBusy(false);
    }
  }

  const switchTo = (m: Mode) => {
    setMode(m);
    setError(undefined);
  };

  return (
    <AuthLayout>
      <ul className="nav nav-pills nav-fill mb-4" role="tablist">
        {(['login', 'register'] as const).map((m) => (
          <li className="nav-item" role="presentation" key={m}>
            <button type="button" role="tab" aria-selected={mode === m} className={`nav-link${mode === m ? ' active' : ''}`} data-testid={`auth-tab-${m}`} onClick={() => switchTo(m)}>
              {t(m === 'login' ? 'auth.login' : 'auth.register')}
            </button>
          </li>
        ))}
      </ul>
      {sessionEnded && (
        <div className="alert alert-info py-2" role="status" data-testid="auth-session-ended">
          {t('auth.sessionEnded')}
        </div>
      )}
      {resetDone && mode === 'login' && (
        <div className="alert alert-success py-2" role="status" data-testid="auth-reset-done">
          {t('resetPage.done')}
        </div>
      )}
      {closed ? (
        <div className="alert alert-secondary mb-0" role="status" data-testid="auth-registration-closed">
          <i className="fa-solid fa-door-closed me-2" aria-hidden="true" />
          {t('registration.closed')}
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate data-testid="auth-form">
          <div className="mb-3">
            <label htmlFor="auth-username" className="form-label">{t('auth.username')}</label>
            <input id="auth-username" className="form-control" autoComplete="username" autoCapitalize="none" spellCheck={false} required
              value={fields.username} onChange={(e) => set('username')(e.target.value)} aria-describedby={mode === 'register' ? 'auth-username-help' : undefined} />
            {mode === 'register' && <div id="auth-username-help" className="form-text">{t('auth.usernameHelp')}</div>}
          </div>
          <div className="mb-3">
            <label htmlFor="auth-password" className="form-label">{t('auth.password')}</label>
            <input id="auth-password" type="password" className="form-control" autoComplete={mode === 'login' ? 'current-password' : 'new-password'} required
              value={fields.password} onChange={(e) => set('password')(e.target.value)} aria-describedby={mode === 'register' ? 'auth-password-help' : undefined} />
            {mode === 'register' && <div id="auth-password-help" className="form-text">{t('auth.passwordHelp')}</div>}
          </div>
          {mode === 'register' && (
            <div className="mb-3">
              <label htmlFor="auth-display-name" className="form-label">{t('auth.displayName')}</label>
              <input id="auth-display-name" className="form-control" autoComplete="nickname" value={fields.displayName} onChange={(e) => set('displayName')(e.target.value)} />
            </div>
          )}
          {mode === 'register' && needsInvite && <InviteCodeField value={fields.invite} onChange={set('invite')} />}
          {error && (
            <div className="alert alert-danger py-2" role="alert" data-testid="auth-error">
              {error}
            </div>
          )}
          <button type="submit" className="btn btn-primary w-100" disabled={busy} data-testid="auth-submit">
            {busy && <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />}
            {t(mode === 'login' ? 'auth.submitLogin' : 'auth.submitRegister')}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
