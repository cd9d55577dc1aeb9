import { useTranslation } from 'react-i18next';
import type { InstanceLanguage, RegistrationMode } from '@parley/protocol';
import { LANGUAGES } from '../../../i18n/languages';

const MODES: readonly RegistrationMode[] = ['open', 'invite-only', 'closed'];

interface FieldProps<T> {
  value: T;
  onChange(value: T): void;
  /** Already translated (or the server's own words); undefined when the field is fine. */
  error: string | undefined;
}

/** The error under a field, tied to it through aria-describedby by its id. */
export function FieldError({ id, message, testId }: { id: string; message: string | undefined; testId: string }) {
  if (!message) return null;
  return <div id={id} className="invalid-feedback d-block" data-testid={testId}>{message}</div>;
}

const describedBy = (help: string, errorId: string, error: string | undefined) => (error ? `${help} ${errorId}` : help);

export function NameField({ value, onChange, error }: FieldProps<string>) {
  const { t } = useTranslation();
  return (
    <div className="mb-4">
      <label htmlFor="settings-name" className="form-label fw-semibold">{t('adminSettings.name')}</label>
      <input id="settings-name" className={`form-control${error ? ' is-invalid' : ''}`} value={value} maxLength={200} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy('settings-name-help', 'settings-name-error', error)} aria-invalid={error ? true : undefined} data-testid="settings-name" />
      <FieldError id="settings-name-error" message={error} testId="error-instanceName" />
      <div id="settings-name-help" className="form-text">{t('adminSettings.nameHelp')}</div>
    </div>
  );
}

/** Open, invite-only or closed, each with a line saying what it means for newcomers. */
export function RegistrationField({ value, onChange, error }: FieldProps<RegistrationMode>) {
  const { t } = useTranslation();
  return (
    <fieldset className="mb-4">
      <legend className="form-label fw-semibold fs-6">{t('adminSettings.registration')}</legend>
      {MODES.map((mode) => (
        <div className="form-check mb-2" key={mode}>
          <input className="form-check-input" type="radio" name="registration" id={`settings-reg-${mode}`} value={mode} checked={value === mode} onChange={() => onChange(mode)} aria-describedby={`settings-reg-${mode}-help`} data-testid={`settings-registration-${mode}`} />
          <label className="form-check-label" htmlFor={`settings-reg-${mode}`}>{t(`adminSettings.reg.${mode}`)}</label>
          <div id={`settings-reg-${mode}-help`} className="form-text mt-0">{t(`adminSettings.reg.${mode}Help`)}</div>
        </div>
      ))}
      <FieldError id="settings-registration-error" message={error} testId="error-registration" />
    </fieldset>
  );
}

/** The upload limit in MB; the server refuses more than its configured ceiling and says so here. */
export function SizeField({ value, onChange, error }: FieldProps<string>) {
  const { t } = useTranslation();
  return (
    <div className="mb-4">
      <label htmlFor="settings-size" className="form-label fw-semibold">{t('adminSettings.maxUpload')}</label>
      <div className={`input-group admin-size-input${error ? ' has-validation' : ''}`}>
        <input id="settings-size" className={`form-control${error ? ' is-invalid' : ''}`} inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy('settings-size-help', 'settings-size-error', error)} aria-invalid={error ? true : undefined} data-testid="settings-max-upload" />
        <span className="input-group-text">MB</span>
      </div>
      <FieldError id="settings-size-error" message={error} testId="error-maxUploadBytes" />
      <div id="settings-size-help" className="form-text">{t('adminSettings.maxUploadHelp')}</div>
    </div>
  );
}

export function LanguageField({ value, onChange, error }: FieldProps<InstanceLanguage>) {
  const { t } = useTranslation();
  return (
    <div className="mb-4">
      <label htmlFor="settings-language" className="form-label fw-semibold">{t('adminSettings.language')}</label>
      <select id="settings-language" className={`form-select admin-language-select${error ? ' is-invalid' : ''}`} value={value} onChange={(e) => onChange(e.target.value as InstanceLanguage)} aria-describedby={describedBy('settings-language-help', 'settings-language-error', error)} data-testid="settings-language">
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>{l.label}</option>
        ))}
      </select>
      <FieldError id="settings-language-error" message={error} testId="error-defaultLanguage" />
      <div id="settings-language-help" className="form-text">{t('adminSettings.languageHelp')}</div>
    </div>
  );
}
