import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateMeBody, User } from '@parley/protocol';
import { updateMe } from '../../api/me';
import { updateSessionUser } from '../../api/session-store';
import { useErrorText } from '../../components/useErrorText';
import { countedLength, fitsLength, invalidField } from '../rooms/field-errors';

type Field = 'displayName' | 'statusText' | 'bio';

const LIMITS: Record<Field, { min: number; max: number }> = {
  displayName: { min: 1, max: 64 },
  statusText: { min: 0, max: 100 },
  bio: { min: 0, max: 280 },
};

const INVALID_KEY: Record<Field, string> = {
  displayName: 'profileEdit.displayNameInvalid',
  statusText: 'profileEdit.statusInvalid',
  bio: 'profileEdit.bioInvalid',
};

/** Display name, status line and bio. A save updates the stored session, so the top bar follows at once. */
export function ProfileDetailsForm({ me }: { me: User }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState<Record<Field, string>>({ displayName: me.displayName, statusText: me.statusText, bio: me.bio });
  const [invalid, setInvalid] = useState<Partial<Record<Field, boolean>>>({});
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<'idle' | 'busy' | 'saved'>('idle');
  const saved: Record<Field, string> = { displayName: me.displayName, statusText: me.statusText, bio: me.bio };
  const changedFields = (Object.keys(values) as Field[]).filter((f) => values[f].trim() !== saved[f]);

  function set(field: Field, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setInvalid((x) => ({ ...x, [field]: false }));
    if (status === 'saved') setStatus('idle');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const bad = (Object.keys(LIMITS) as Field[]).filter((f) => !fitsLength(values[f], LIMITS[f].min, LIMITS[f].max));
    setInvalid(Object.fromEntries(bad.map((f) => [f, true])));
    setError(undefined);
    if (bad.length > 0 || changedFields.length === 0) return;
    setStatus('busy');
    try {
      const body: UpdateMeBody = Object.fromEntries(changedFields.map((f) => [f, values[f]]));
      const user = await updateMe(body);
      updateSessionUser(user);
      setValues({ displayName: user.displayName, statusText: user.statusText, bio: user.bio });
      setStatus('saved');
    } catch (err) {
      const field = invalidField(err);
      if (field === 'displayName' || field === 'statusText' || field === 'bio') setInvalid({ [field]: true });
      else setError(errorText(err));
      setStatus('idle');
    }
  }

  const describedBy = (f: Field) => (invalid[f] ? `profile-${f}-error` : `profile-${f}-help`);
  const feedback = (f: Field, help?: string) =>
    invalid[f] ? (
      <div id={`profile-${f}-error`} className="invalid-feedback" data-testid={`profile-${f}-error`}>{t(INVALID_KEY[f])}</div>
    ) : (
      <div id={`profile-${f}-help`} className="form-text">
        {help ?? t('roomSettings.counter', { count: countedLength(values[f]), max: LIMITS[f].max })}
      </div>
    );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="profile-details-title">
      <h3 id="profile-details-title" className="h6 fw-semibold mb-3">{t('profileEdit.details')}</h3>
      <div className="mb-3">
        <label htmlFor="profile-displayName" className="form-label">{t('profileEdit.displayName')}</label>
        <input
          id="profile-displayName"
          className={`form-control${invalid.displayName ? ' is-invalid' : ''}`}
          value={values.displayName}
          onChange={(e) => set('displayName', e.target.value)}
          autoComplete="nickname"
          data-autofocus
          aria-invalid={invalid.displayName ? true : undefined}
          aria-describedby={describedBy('displayName')}
          data-testid="profile-display-name"
        />
        {feedback('displayName')}
      </div>
      <div className="mb-3">
        <label htmlFor="profile-statusText" className="form-label">{t('profileEdit.statusText')}</label>
        <input
          id="profile-statusText"
          className={`form-control${invalid.statusText ? ' is-invalid' : ''}`}
          value={values.statusText}
          placeholder={t('profileEdit.statusPlaceholder')}
          onChange={(e) => set('statusText', e.target.value)}
          autoComplete="off"
          aria-invalid={invalid.statusText ? true : undefined}
          aria-describedby={describedBy('statusText')}
          data-testid="profile-status"
        />
        {feedback('statusText')}
      </div>
      <div className="mb-3">
        <label htmlFor="profile-bio" className="form-label">{t('profileEdit.bio')}</label>
        <textarea
          id="profile-bio"
          className={`form-control${invalid.bio ? ' is-invalid' : ''}`}
          rows={3}
          value={values.bio}
          onChange={(e) => set('bio', e.target.value)}
          aria-invalid={invalid.bio ? true : undefined}
          aria-describedby={describedBy('bio')}
          data-testid="profile-bio"
        />
        {feedback('bio')}
      </div>
      <div className="d-flex flex-wrap align-items-center gap-2">
        <button type="submit" className="btn btn-primary" disabled={status === 'busy' || changedFields.length === 0} data-testid="profile-save">
          {t('profileEdit.save')}
        </button>
        <span role="status" className="small text-success" data-testid="profile-saved">
          {status === 'saved' && (
            <>
              <i className="fa-solid fa-check me-1" aria-hidden="true" />
              {t('profileEdit.saved')}
            </>
          )}
        </span>
      </div>
      {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="profile-error">{error}</div>}
    </form>
  );
}
