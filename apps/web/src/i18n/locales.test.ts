import { ErrorCode } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { toSupportedLanguage } from './languages';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function placeholders(obj: object): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (o: object, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string') out.set(prefix + k, [...v.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort());
      else walk(v as object, `${prefix}${k}.`);
    }
  };
  walk(obj, '');
  return out;
}

describe('locales', () => {
  it('en and zh-CN have exactly the same keys', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('every translation uses the same placeholders as English', () => {
    const zh = placeholders(zhCN);
    for (const [key, names] of placeholders(en)) expect({ key, names: zh.get(key) }).toEqual({ key, names });
  });

  it('has no empty strings', () => {
    const empty = (o: object): boolean => Object.values(o).some((v) => (typeof v === 'string' ? v.trim() === '' : empty(v as object)));
    expect(empty(en)).toBe(false);
    expect(empty(zhCN)).toBe(false);
  });

  it('has a message for every error code the server can send', () => {
    expect(Object.keys(en.errors).sort()).toEqual([...ErrorCode.options, 'network'].sort());
  });

  it('maps browser language tags to a shipped language', () => {
    expect(['zh', 'zh-CN', 'zh-Hans-CN', 'zh-TW', 'en-GB', 'fr'].map(toSupportedLanguage)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'en', 'en']);
  });
});
