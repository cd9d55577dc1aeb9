import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../features/instance/instance-language';
import { LANGUAGES } from '../i18n/languages';

/** Switches the UI language and remembers the choice, which then outranks the instance default. */
export function LanguageSelect({ id }: { id?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <select
      id={id}
      className="form-select form-select-sm w-auto"
      aria-label={id ? undefined : t('settings.language')}
      data-testid="language-select"
      value={i18n.resolvedLanguage ?? 'en'}
      onChange={(e) => void chooseLanguage(e.target.value)}
    >
      {LANGUAGES.map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.label}
        </option>
      ))}
    </select>
  );
}
