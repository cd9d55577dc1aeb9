import i18next from 'i18next';
import type { InstanceLanguage, PublicInstance } from '@parley/protocol';
import { LANGUAGES, type LanguageCode } from '../../i18n/languages';
import { LANGUAGE_STORAGE_KEY } from '../../i18n/setup-i18n';
import { reportError } from '../../lib/report';

const SHIPPED: ReadonlySet<string> = new Set(LANGUAGES.map((l) => l.code));

/** Whether the browser names a language Parley ships (any English or Chinese tag), not just a fallback. */
export function browserNamesShippedLanguage(tags: readonly string[]): boolean {
  return tags.some((tag) => /^(en|zh)(-|$)/i.test(tag));
}

/**
 * The instance default to switch to, or undefined to leave the language alone. A language the user
 * picked always wins, then one their browser asks for that Parley ships; the instance default covers
 * everyone else (a French browser on a Chinese team's instance, say).
 */
export function languageToApply(instanceDefault: InstanceLanguage, chosen: string | null, browserTags: readonly string[]): LanguageCode | undefined {
  if (chosen && SHIPPED.has(chosen)) return undefined;
  if (browserNamesShippedLanguage(browserTags)) return undefined;
  return instanceDefault;
}

/** Remembers an explicit choice from a language menu; only such a choice outranks the instance default. */
export function chooseLanguage(code: string): Promise<unknown> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, code);
  } catch (err) {
    // Private mode or a full quota: the switch still works for this page.
    reportError('could not remember the language', err);
  }
  return i18next.changeLanguage(code);
}

function storedChoice(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Switches to the instance's default language where it applies (see languageToApply); live as admins change it. */
export function applyDefaultLanguage(instance: PublicInstance): void {
  const lang = languageToApply(instance.defaultLanguage, storedChoice(), navigator.languages);
  if (lang && i18next.resolvedLanguage !== lang) void i18next.changeLanguage(lang);
}
