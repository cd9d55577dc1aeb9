import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InstanceSettings } from '@parley/protocol';
import { useErrorText } from '../../../components/useErrorText';
import { formatBytes } from '../../attachments/file-kind';
import { fetchSettings, saveSettings } from './admin-settings-api';
import { FileTypesField } from './FileTypesField';
import { LanguageField, NameField, RegistrationField, SizeField } from './SettingsFields';
import { ceilingFromError, changedSettings, readDraft, serverErrorField, toDraft, type FieldErrors, type SettingKey, type SettingsDraft } from './settings-form';

/** The instance settings form: loads the stored values, sends only what changed, shows errors at their field. */
export function SettingsTab() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [saved, setSaved] = useState<InstanceSettings>();
  const [loadError, setLoadError] = useState<string>();

  useEffect(() => {
    let live = true;
    fetchSettings().then(
      (s) => live && setSaved(s),
      (err: unknown) => live && setLoadError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [errorText]);

  return (
    <section aria-labelledby="admin-settings-heading" data-testid="admin-settings">
      <h2 className="h5 mb-3" id="admin-settings-heading">{t('adminSettings.title')}</h2>
      {loadError && <div className="alert alert-danger py-2" role="alert">{loadError}</div>}
      {!saved && !loadError && <p className="text-body-secondary" role="status">{t('adminSettings.loading')}</p>}
      {saved && <SettingsForm saved={saved} onSaved={setSaved} />}
    </section>
  );
}

function SettingsForm({ saved, onSaved }: { saved: InstanceSettings; onSaved(s: InstanceSettings): void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<{ field: SettingKey | undefined; message: string }>();
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');

  const read = readDraft(draft);
  const changes = 'settings' in read ? changedSettings(saved, read.settings) : undefined;
  const dirty = changes === undefined || Object.keys(changes).length > 0;
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setStatus('idle');
    setServerError(undefined);
    setErrors({});
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if ('errors' in read) {
      setErrors(read.errors);
      return;
    }
    if (!changes || Object.keys(changes).length === 0) return;
    setStatus('saving');
    setServerError(undefined);
    try {
      const next = await saveSettings(changes);
      onSaved(next);
      setDraft(toDraft(next));
      setStatus('saved');
    } catch (err) {
      const field = serverErrorField(err);
      const ceiling = ceilingFromError(err);
      // The server's own words name what it refused; the ceiling is said again in the user's language and in MB.
      const message = ceiling !== undefined ? t('adminSettings.sizeCeiling', { max: formatBytes(ceiling, i18n.language) }) : field && err instanceof Error ? err.message : errorText(err);
      setServerError({ field, message });
      setStatus('idle');
    }
  }

  const fieldError = (key: SettingKey) => (serverError?.field === key ? serverError.message : errors[key] ? t(errors[key]) : undefined);
  const discard = () => {
    setDraft(toDraft(saved));
    setErrors({});
    setServerError(undefined);
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="admin-settings-form" data-testid="settings-form">
      <NameField value={draft.instanceName} onChange={(v) => set('instanceName', v)} error={fieldError('instanceName')} />
      <RegistrationField value={draft.registration} onChange={(v) => set('registration', v)} error={fieldError('registration')} />
      <SizeField value={draft.maxUploadMb} onChange={(v) => set('maxUploadMb', v)} error={fieldError('maxUploadBytes')} />
      <div className="mb-4">
        <label htmlFor="settings-types" className="form-label fw-semibold">{t('adminSettings.types')}</label>
        <FileTypesField id="settings-types" value={draft.allowedFileTypes} onChange={(v) => set('allowedFileTypes', v)} error={fieldError('allowedFileTypes')} />
      </div>
      <LanguageField value={draft.defaultLanguage} onChange={(v) => set('defaultLanguage', v)} error={fieldError('defaultLanguage')} />
      {serverError && !serverError.field && <div className="alert alert-danger py-2" role="alert" data-testid="settings-error">{serverError.message}</div>}
      <div className="d-flex flex-wrap align-items-center gap-2">
        <button type="submit" className="btn btn-primary" disabled={!dirty || status === 'saving'} data-testid="settings-save">
          {status === 'saving' ? t('adminSettings.saving') : t('adminSettings.save')}
        </button>
        <button type="button" className="btn btn-outline-secondary" disabled={!dirty || status === 'saving'} onClick={discard} data-testid="settings-discard">
          {t('adminSettings.discard')}
        </button>
        <span role="status" className="text-success small" data-testid="settings-saved">
          {status === 'saved' && (
            <>
              <i className="fa-solid fa-check me-1" aria-hidden="true" />
              {t('adminSettings.saved')}
            </>
          )}
        </span>
      </div>
    </form>
  );
}
