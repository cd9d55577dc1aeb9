import { describe, expect, it } from 'vitest';
import { browserNamesShippedLanguage, languageToApply } from './instance-language';

describe('languageToApply', () => {
  it('leaves a language the user picked alone', () => {
    expect(languageToApply('zh-CN', 'en', ['fr-FR'])).toBeUndefined();
    expect(languageToApply('en', 'zh-CN', [])).toBeUndefined();
  });

  it('leaves a shipped language the browser asks for alone', () => {
    expect(languageToApply('zh-CN', null, ['en-US', 'en'])).toBeUndefined();
    expect(languageToApply('en', null, ['de-DE', 'zh-Hans-CN'])).toBeUndefined();
  });

  it('applies the instance default to a browser asking only for languages Parley does not ship', () => {
    expect(languageToApply('zh-CN', null, ['fr-FR', 'fr'])).toBe('zh-CN');
    expect(languageToApply('en', null, [])).toBe('en');
  });

  it('ignores a stored value that is not a shipped language', () => {
    expect(languageToApply('zh-CN', 'klingon', ['fr'])).toBe('zh-CN');
  });
});

describe('browserNamesShippedLanguage', () => {
  it('matches English and Chinese tags only, whole subtags', () => {
    expect(['en', 'en-GB', 'zh', 'zh-TW', 'EN-us'].every((t) => browserNamesShippedLanguage([t]))).toBe(true);
    expect(browserNamesShippedLanguage(['eno', 'zhx', 'fr', 'de-CH'])).toBe(false);
  });
});
