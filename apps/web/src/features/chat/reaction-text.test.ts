import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reaction } from '@parley/protocol';
import { en } from '../../i18n/locales/en';
import { zhCN } from '../../i18n/locales/zh-CN';
import { reactedByText } from './reaction-text';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ lng: 'en', resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, interpolation: { escapeValue: false } });
});

const user = (n: number) => ({ id: `u${n}`, displayName: ['Alice', 'Bob', 'Carol', 'Dan', 'Eve', 'Fay'][n] ?? `U${n}` });
const reaction = (count: number): Reaction => ({ emoji: '👍', count, users: Array.from({ length: count }, (_, i) => user(i)) });

describe('reactedByText', () => {
  it('names one person, or says You for the user', () => {
    expect(reactedByText(i18n.getFixedT('en'), 'en', reaction(1), 'nobody')).toBe('Alice reacted with 👍');
    expect(reactedByText(i18n.getFixedT('en'), 'en', reaction(1), 'u0')).toBe('You reacted with 👍');
  });

  it('names up to four people and counts the rest', () => {
    expect(reactedByText(i18n.getFixedT('en'), 'en', reaction(2), 'x')).toBe('Alice and Bob reacted with 👍');
    expect(reactedByText(i18n.getFixedT('en'), 'en', reaction(4), 'x')).toBe('Alice, Bob, Carol, and Dan reacted with 👍');
    expect(reactedByText(i18n.getFixedT('en'), 'en', reaction(6), 'x')).toBe('Alice, Bob, Carol, and 3 others reacted with 👍');
  });

  it('counts people the server did not list', () => {
    const partial: Reaction = { emoji: '🎉', count: 40, users: [user(0), user(1)] };
    expect(reactedByText(i18n.getFixedT('en'), 'en', partial, 'x')).toBe('Alice, Bob, and 38 others reacted with 🎉');
  });

  it('puts the user first', () => {
    expect(reactedByText(i18n.getFixedT('en'), 'en', reaction(3), 'u2')).toBe('You, Alice, and Bob reacted with 👍');
  });

  it('speaks Chinese', () => {
    expect(reactedByText(i18n.getFixedT('zh-CN'), 'zh-CN', reaction(6), 'u0')).toBe('你、Bob、Carol和其他 3 人回应了 👍');
  });
});
