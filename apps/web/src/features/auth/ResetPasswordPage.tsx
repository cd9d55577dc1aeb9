import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/api-error';
import { navigate } from '../../lib/router';
import { noteResetDone } from './auth-notices';
import { AuthLayout } from './AuthLayout';
import { NewPasswordForm } from './NewPasswordForm';
import { redeemPasswordReset } from './password-reset-api';

/** Reset tokens are base64url; anything else cannot be one, so the page says the link is incomplete. */
const TOKEN = /^[\w-]{20,200}$/;

/**
 * `/reset-password#<token>`, opened from a link an admin passed on; no sign-in. The token sits in the
 * fragment, which browsers never send to the server or in Referer, and is spent once by the POST.
 */
export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const [invalid, setInvalid] = useState(!TOKEN.test(token));

  async function submit(_current: string, newPassword: string) {
    try {
      await redeemPasswordReset({ token, newPassword });
    } catch (err) {
      if (!isApiError(err, 'reset_token_invalid')) throw err;
      setInvalid(true);
      return;
    }
    noteResetDone();
    navigate('/', { replace: true });
  }

  return (
    <AuthLayout subtitle={t('resetPage.title')}>
      {invalid ? (
        <div className="alert alert-warning" role="alert" data-testid="reset-page-invalid">
          {TOKEN.test(token) ? t('resetPage.invalidLink') : t('resetPage.missingToken')}
        </div>
      ) : (
        <>
          <p className="text-body-secondary">{t('resetPage.intro')}</p>
          {/* Who the account is stays unknown here on purpose: the link alone must not tell anyone a username. */}
          <NewPasswordForm username="" submitLabel={t('resetPage.submit')} onSubmit={submit} testId="reset-page" />
        </>
      )}
      <div className="text-center mt-3">
        <button type="button" className="btn btn-link" onClick={() => navigate('/', { replace: true })} data-testid="reset-page-back">
          {t('resetPage.backToSignIn')}
        </button>
      </div>
    </AuthLayout>
  );
}
