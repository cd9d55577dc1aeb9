export type Theme = 'light' | 'dark';

const KEY = 'parley.theme';

function stored(): Theme | undefined {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The remembered theme, else the system preference. */
export function initialTheme(): Theme {
  return stored() ?? (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}

/** Sets Bootstrap 5.3's colour mode on <html>; `remember` stores it as an explicit choice. */
export function applyTheme(theme: Theme, remember: boolean): void {
  document.documentElement.setAttribute('data-bs-theme', theme);
  if (!remember) return;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Storage blocked (privacy mode): the theme still applies for this page.
  }
}
