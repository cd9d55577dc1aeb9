import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyTheme, initialTheme, type Theme } from '../lib/theme';

export function ThemeToggle() {
  const { t } = useTranslation();
  const [theme, setTheme] = useState<Theme>(() => (document.documentElement.getAttribute('data-bs-theme') === 'dark' ? 'dark' : initialTheme()));
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  const label = t(next === 'dark' ? 'settings.switchToDark' : 'settings.switchToLight');
  return (
    <button
      type="button"
      className="btn btn-link nav-link px-2"
      data-testid="theme-toggle"
      aria-label={label}
      title={label}
      onClick={() => {
        applyTheme(next, true);
        setTheme(next);
      }}
    >
      <i className={`fa-solid ${theme === 'dark' ? 'fa-sun' : 'fa-moon'}`} aria-hidden="true" />
    </button>
  );
}
