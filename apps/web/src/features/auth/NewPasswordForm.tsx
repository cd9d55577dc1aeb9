import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/api-error';
import { useErrorText } from '../../components/useErrorText';
import { passwordFormProblems, weakPasswordProblem } from '../profile/password-rules';

type Field = 'current' | 'next' | 'confirm';

interface NewPasswordFormProps {
  /** For the password rules (not the username) and so password managers file the new one under it; empty if unknown. */
  username: string;
  /** The label of a "current password" field, or none when a reset token stands in for it. */
  currentLabel?: string;
  submitLabel: string;
  /** Throws the server's error; `invalid_credentials` and `weak_password` are shown at their field. */
  onSubmit(current: string, next: string): Promise<void>;
  testId: string;
}

/** A new password typed twice (and the current one when asked), checked with the same rules as everywhere else. */
export function NewPasswordForm({ username, currentLabel, submitLabel, onSubmit, testId }: NewPasswordFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState<Record<Field, string>>({ current: '', next: '', confirm: '' });
  const [fieldError, setFieldError] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  function set(field: Field, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setFieldError((x) => ({ ...x, [field]: undefined }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const bad = passwordFormProblems(values, username, currentLabel !== undefined);
    setFieldError(Object.fromEntries(Object.entries(bad).map(([field, key]) => [field, t(key)])));
    setError(undefined);
    if (Object.keys(bad).length > 0) return;
    setBusy(true);
    try {
      await onSubmit(values.current, values.next);
    } catch (err) {
      if (isApiError(err, 'invalid_credentials')) setFieldError({ current: t('password.wrongCurrent') });
      else if (isApiError(err, 'weak_password')) setFieldError({ next: t(`password.weak.${weakPasswordProblem(values.next, username)}`) });
      else setError(errorText(err));
      setBusy(false);
    }
  }

  const input = (field: Field, label: string, autoComplete: string, help?: string) => {
    const id = `${testId}-${field}`;
    return (
      <div className="mb-3">
        <label htmlFor={id} className="form-label">{label}</label>
        <input id={id} type="password" className={`form-control${fieldError[field] ? ' is-invalid' : ''}`} value={values[field]}
          onChange={(e) => set(field, e.target.value)} autoComplete={autoComplete} aria-invalid={fieldError[field] ? true : undefined}
          aria-describedby={fieldError[field] ? `${id}-error` : help ? `${id}-help` : undefined} data-testid={id} />
        {fieldError[field] ? (
          <div id={`${id}-error`} className="invalid-feedback" data-testid={`${id}-error`}>{fieldError[field]}</div>
        ) : (
          help && <div id={`${id}-help`} className="form-text">{help}</div>
        )}
      </div>
    );
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid={testId}>
      {/* Lets password managers tie the new password to this account. */}
      <input type="text" name="username" value={username} autoComplete="username" className="d-none" aria-hidden="true" tabIndex={-1} readOnly />
      {currentLabel !== undefined && input('current', currentLabel, 'current-password')}
      {input('next', t('password.new'), 'new-password', t('password.newHelp'))}
      {input('confirm', t('password.confirm'), 'new-password')}
      {error && <div className="alert alert-danger py-2" role="alert" data-testid={`${testId}-error`}>{error}</div>}
      <button type="submit" className="btn btn-primary w-100" disabled={busy} data-testid={`${testId}-submit`}>
        {busy && <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />}
        {submitLabel}
      </button>
    </form>
  );
}
