/** Languages the UI ships, with their own names (shown in the switcher untranslated, by convention). */
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

/** Maps whatever the browser reports (zh, zh-Hans-CN, en-GB…) onto a shipped language. */
export function toSupportedLanguage(tag: string): LanguageCode {
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  return 'en';
}
