/** What the user chose: a fixed colour mode, or whatever the operating system uses right now. */
export type ThemePreference = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';

export const THEME_PREFERENCES: readonly ThemePreference[] = ['light', 'dark', 'system'];
const KEY = 'parley.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export function isThemePreference(v: unknown): v is ThemePreference {
  return v === 'light' || v === 'dark' || v === 'system';
}

/** The remembered preference; "system" when nothing (or something unreadable) is stored. */
export function storedPreference(): ThemePreference {
  try {
    const v = localStorage.getItem(KEY);
    return isThemePreference(v) ? v : 'system';
  } catch {
    return 'system';
  }
}

/** The colour mode a preference means given the system's current one. */
export function resolveTheme(pref: ThemePreference, systemDark: boolean): Theme {
  if (pref === 'system') return systemDark ? 'dark' : 'light';
  return pref;
}

let stopFollowing: (() => void) | undefined;

/**
 * Sets Bootstrap 5.3's colour mode on <html> and, for "system", keeps following the OS as it changes
 * (a laptop switching to dark at sunset). `remember` stores the choice for the next visit.
 */
export function applyThemePreference(pref: ThemePreference, remember: boolean): void {
  stopFollowing?.();
  stopFollowing = undefined;
  const media = window.matchMedia(DARK_QUERY);
  const apply = () => document.documentElement.setAttribute('data-bs-theme', resolveTheme(pref, media.matches));
  apply();
  if (pref === 'system') {
    media.addEventListener('change', apply);
    stopFollowing = () => media.removeEventListener('change', apply);
  }
  if (!remember) return;
  try {
    localStorage.setItem(KEY, pref);
  } catch {
    // Storage blocked (privacy mode): the theme still applies for this page.
  }
}
