import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Me, type User } from '@parley/protocol';
import { logout } from '../../api/auth';
import { apiRequest } from '../../api/http';
import { updateMe } from '../../api/me';
import { updateSessionUser } from '../../api/session-store';
import { reportError } from '../../lib/report';
import { AuthLayout } from './AuthLayout';
import { NewPasswordForm } from './NewPasswordForm';

type State = 'checking' | 'required' | 'clear';

/**
 * Holds the chat back until a user who signed in with an admin's temporary password has chosen their
 * own (`Me.passwordChangeRequired`). The flag is only on GET /api/me, so it is asked once per user.
 */
export function PasswordChangeGate({ me, children }: { me: User; children: ReactNode }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>('checking');

  useEffect(() => {
    let live = true;
    apiRequest('/api/me', { schema: Me }).then(
      (answer) => live && setState(answer.passwordChangeRequired ? 'required' : 'clear'),
      (err: unknown) => {
        // Offline or the server is busy: the chat works from what it has; the server still asks again next time.
        reportError('could not read whether a password change is required', err);
        if (live) setState('clear');
      },
    );
    return () => {
      live = false;
    };
  }, [me.id]);

  if (state === 'clear') return <>{children}</>;
  if (state === 'checking') {
    return (
      <div className="d-flex min-vh-100 align-items-center justify-content-center" role="status" aria-live="polite">
        <span className="spinner-border text-primary" aria-hidden="true" />
        <span className="visually-hidden">{t('common.working')}</span>
      </div>
    );
  }

  async function change(current: string, next: string) {
    updateSessionUser(await updateMe({ currentPassword: current, newPassword: next }));
    setState('clear');
  }

  return (
    <AuthLayout subtitle={t('mustChange.title')}>
      <div className="alert alert-info py-2" role="note" data-testid="must-change-password">
        {t('mustChange.intro')}
      </div>
      <NewPasswordForm username={me.username} currentLabel={t('mustChange.current')} submitLabel={t('mustChange.submit')} onSubmit={change} testId="must-change" />
      <div className="text-center mt-3">
        <button type="button" className="btn btn-link" onClick={() => void logout().catch((err: unknown) => reportError('logout failed', err))} data-testid="must-change-logout">
          {t('mustChange.signOut')}
        </button>
      </div>
    </AuthLayout>
  );
}
