import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/locales/en';
import { zhCN } from '../../i18n/locales/zh-CN';
import type { TypingEntry } from '../../ws/chat-state';
import { typingText } from './typing-text';

const who = (displayName: string): TypingEntry => ({ user: { id: displayName, username: displayName, displayName }, until: 0 });

describe('typing line', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'en', resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, interpolation: { escapeValue: false } });
  });
  const line = (lng: string, typing: TypingEntry[]) => typingText(typing, i18next.getFixedT(lng));

  it('names one, two, then several people, in English', () => {
    expect(line('en', [])).toBe('');
    expect(line('en', [who('小明')])).toBe('小明 is typing…');
    expect(line('en', [who('Ann'), who('Bo')])).toBe('Ann and Bo are typing…');
    expect(line('en', [who('Ann'), who('Bo'), who('Cy')])).toBe('Several people are typing…');
  });

  it('names one, two, then several people, in Chinese', () => {
    expect(line('zh-CN', [who('小明')])).toBe('小明 正在输入…');
    expect(line('zh-CN', [who('小明'), who('小红')])).toBe('小明 和 小红 正在输入…');
    expect(line('zh-CN', [who('a'), who('b'), who('c')])).toBe('多人正在输入…');
  });
});
