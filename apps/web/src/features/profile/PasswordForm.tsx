import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/api-error';
import { updateMe } from '../../api/me';
import { updateSessionUser } from '../../api/session-store';
import { useErrorText } from '../../components/useErrorText';
import { invalidField } from '../rooms/field-errors';
import { passwordFormProblems, weakPasswordProblem } from './password-rules';

type Field = 'current' | 'next' | 'confirm';

/**
 * Current, new and repeated password. The server checks the current one (`invalid_credentials`) and
 * signs out every other session on success; this one stays signed in.
 */
export function PasswordForm({ username }: { username: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState<Record<Field, string>>({ current: '', next: '', confirm: '' });
  const [fieldError, setFieldError] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<'idle' | 'busy' | 'changed'>('idle');

  function set(field: Field, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setFieldError((x) => ({ ...x, [field]: undefined }));
    if (status === 'changed') setStatus('idle');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const bad = passwordFormProblems(values, username, true);
    setFieldError(Object.fromEntries(Object.entries(bad).map(([field, key]) => [field, t(key)])));
    setError(undefined);
    if (Object.keys(bad).length > 0) return;
    setStatus('busy');
    try {
      updateSessionUser(await updateMe({ currentPassword: values.current, newPassword: values.next }));
      setValues({ current: '', next: '', confirm: '' });
      setStatus('changed');
    } catch (err) {
      setStatus('idle');
      if (isApiError(err, 'invalid_credentials')) setFieldError({ current: t('password.wrongCurrent') });
      else if (isApiError(err, 'weak_password')) setFieldError({ next: t(`password.weak.${weakPasswordProblem(values.next, username)}`) });
      else if (invalidField(err) === 'newPassword') setFieldError({ next: t('password.tooShort') });
      else setError(errorText(err));
    }
  }

  const input = (field: Field, label: string, autoComplete: string, help?: string) => (
    <div className="mb-3">
      <label htmlFor={`password-${field}`} className="form-label">{label}</label>
      <input
        id={`password-${field}`}
        type="password"
        className={`form-control${fieldError[field] ? ' is-invalid' : ''}`}
        value={values[field]}
        onChange={(e) => set(field, e.target.value)}
        autoComplete={autoComplete}
        aria-invalid={fieldError[field] ? true : undefined}
        aria-describedby={fieldError[field] ? `password-${field}-error` : help ? `password-${field}-help` : undefined}
        data-testid={`password-${field}`}
      />
      {fieldError[field] ? (
        <div id={`password-${field}-error`} className="invalid-feedback" data-testid={`password-${field}-error`}>{fieldError[field]}</div>
      ) : (
        help && <div id={`password-${field}-help`} className="form-text">{help}</div>
      )}
    </div>
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="password-title">
      <h3 id="password-title" className="h6 fw-semibold mb-3">{t('password.title')}</h3>
      {/* Lets password managers tie the new password to this account. */}
      <input type="text" name="username" value={username} autoComplete="username" className="d-none" aria-hidden="true" tabIndex={-1} readOnly />
      {input('current', t('password.current'), 'current-password')}
      {input('next', t('password.new'), 'new-password', t('password.newHelp'))}
      {input('confirm', t('password.confirm'), 'new-password')}
      <div className="d-flex flex-wrap align-items-center gap-2">
        <button type="submit" className="btn btn-outline-primary" disabled={status === 'busy'} data-testid="password-submit">
          {t('password.submit')}
        </button>
      </div>
      <div role="status">
        {status === 'changed' && (
          <div className="alert alert-success py-2 mt-3 mb-0" data-testid="password-changed">
            <i className="fa-solid fa-check me-2" aria-hidden="true" />
            {t('password.changed')}
          </div>
        )}
      </div>
      {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="password-error">{error}</div>}
    </form>
  );
}
