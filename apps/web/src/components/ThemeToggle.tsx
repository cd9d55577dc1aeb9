import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { applyThemePreference, storedPreference, THEME_PREFERENCES, type ThemePreference } from '../lib/theme';

const ICON: Record<ThemePreference, string> = { light: 'fa-sun', dark: 'fa-moon', system: 'fa-circle-half-stroke' };
const LABEL: Record<ThemePreference, string> = { light: 'settings.themeLight', dark: 'settings.themeDark', system: 'settings.themeSystem' };

/** Light, dark or follow the system: a small menu in the top bar and on the sign-in page. */
export function ThemeToggle() {
  const { t } = useTranslation();
  const [pref, setPref] = useState<ThemePreference>(storedPreference);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    // Focus the chosen option so arrow keys start from it.
    ref.current?.querySelector<HTMLButtonElement>('[aria-checked="true"]')?.focus();
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const choose = (next: ThemePreference) => {
    applyThemePreference(next, true);
    setPref(next);
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onMenuKey = (e: ReactKeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitemradio"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };

  const label = t('settings.themeButton', { current: t(LABEL[pref]) });
  return (
    <div className="dropdown" ref={ref}>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-link nav-link px-2"
        data-testid="theme-toggle"
        data-theme-preference={pref}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <i className={`fa-solid ${ICON[pref]}`} aria-hidden="true" />
      </button>
      {open && (
        <div className="dropdown-menu dropdown-menu-end show" role="menu" aria-label={t('settings.theme')} onKeyDown={onMenuKey}>
          {THEME_PREFERENCES.map((p) => (
            <button
              key={p}
              type="button"
              role="menuitemradio"
              aria-checked={p === pref}
              className={`dropdown-item d-flex align-items-center gap-2${p === pref ? ' active' : ''}`}
              data-testid={`theme-${p}`}
              onClick={() => choose(p)}
            >
              <i className={`fa-solid ${ICON[p]} fa-fw`} aria-hidden="true" />
              {t(LABEL[p])}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
