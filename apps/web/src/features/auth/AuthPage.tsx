import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DisplayName, Username } from '@parley/protocol';
import { isApiError } from '../../api/api-error';
import { login, register } from '../../api/auth';
import { LanguageSelect } from '../../components/LanguageSelect';
import { ThemeToggle } from '../../components/ThemeToggle';
import { useErrorText } from '../../components/useErrorText';
import { localPasswordProblem, weakPasswordProblem } from '../profile/password-rules';
import { takeSessionEndedNotice } from '../profile/session-ended';
import { useDocumentTitle, useInstanceName } from '../instance/useInstance';

type Mode = 'login' | 'register';

/** Checks a registration with the protocol's own rules, so the form and the server agree. */
function validate(mode: Mode, username: string, password: string, displayName: string): string | undefined {
  if (mode === 'login') return undefined;
  if (!Username.safeParse(username).success) return 'auth.invalidUsername';
  const problem = localPasswordProblem(password, username);
  if (problem) return `password.weak.${problem}`;
  if (displayName.trim() && !DisplayName.safeParse(displayName).success) return 'auth.invalidDisplayName';
  return undefined;
}

export function AuthPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [mode, setMode] = useState<Mode>('login');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Read once: the session was ended by the server (revoked elsewhere, password changed), not by a sign-out here.
  const [sessionEnded] = useState(takeSessionEndedNotice);
  const instanceName = useInstanceName();
  useDocumentTitle(instanceName);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const invalid = validate(mode, username, password, displayName);
    if (invalid) {
      setError(t(invalid));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'login') await login({ username, password });
      else await register({ username, password, ...(displayName.trim() ? { displayName } : {}) });
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
    <div className="auth-page d-flex flex-column min-vh-100">
      <header className="d-flex justify-content-end align-items-center gap-2 p-3">
        <LanguageSelect />
        <ThemeToggle />
      </header>
      <main className="flex-grow-1 d-flex align-items-start align-items-sm-center justify-content-center px-3 pb-5">
        <div className="card shadow-sm auth-card w-100">
          <div className="card-body p-4">
            <div className="text-center mb-4">
              <i className="fa-solid fa-comments fa-2x text-primary" aria-hidden="true" />
              <h1 className="h3 mt-2 mb-1 text-break" data-testid="instance-name">{instanceName}</h1>
              <p className="text-body-secondary mb-0">{t('app.tagline')}</p>
            </div>
            <ul className="nav nav-pills nav-fill mb-4" role="tablist">
              {(['login', 'register'] as const).map((m) => (
                <li className="nav-item" role="presentation" key={m}>
                  <button
                    type="button"
                    role="tab"
                    aria-selected={mode === m}
                    className={`nav-link${mode === m ? ' active' : ''}`}
                    data-testid={`auth-tab-${m}`}
                    onClick={() => switchTo(m)}
                  >
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
            <form onSubmit={(e) => void submit(e)} noValidate data-testid="auth-form">
              <div className="mb-3">
                <label htmlFor="auth-username" className="form-label">{t('auth.username')}</label>
                <input
                  id="auth-username"
                  className="form-control"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                  aria-describedby={mode === 'register' ? 'auth-username-help' : undefined}
                />
                {mode === 'register' && <div id="auth-username-help" className="form-text">{t('auth.usernameHelp')}</div>}
              </div>
              <div className="mb-3">
                <label htmlFor="auth-password" className="form-label">{t('auth.password')}</label>
                <input
                  id="auth-password"
                  type="password"
                  className="form-control"
                  autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  aria-describedby={mode === 'register' ? 'auth-password-help' : undefined}
                />
                {mode === 'register' && <div id="auth-password-help" className="form-text">{t('auth.passwordHelp')}</div>}
              </div>
              {mode === 'register' && (
                <div className="mb-3">
                  <label htmlFor="auth-display-name" className="form-label">{t('auth.displayName')}</label>
                  <input
                    id="auth-display-name"
                    className="form-control"
                    autoComplete="nickname"
                    value={displayName}
                    onChange={(e) => setDisplayName(e.target.value)}
                  />
                </div>
              )}
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
          </div>
        </div>
      </main>
    </div>
  );
}
