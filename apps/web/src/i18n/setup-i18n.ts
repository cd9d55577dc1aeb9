import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, toSupportedLanguage } from './languages';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

/** Where the chosen language is remembered. */
export const LANGUAGE_STORAGE_KEY = 'parley.language';

/** Initialises i18next: a remembered choice first, then the browser's languages; English as fallback. */
export async function setupI18n(): Promise<void> {
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  await i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
      supportedLngs: LANGUAGES.map((l) => l.code),
      fallbackLng: 'en',
      // React escapes text itself; escaping here too would show &amp; in names.
      interpolation: { escapeValue: false },
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        // Only a language picked in a menu is stored (LanguageSelect), so the instance default can
        // tell a choice from a guess (features/instance/instance-language.ts).
        caches: [],
        convertDetectedLanguage: toSupportedLanguage,
      },
    });
}
