import { describe, expect, it } from 'vitest';
import { Emoji, qualifyEmoji } from '../src/rest/reactions.js';

const ok = (s: string) => Emoji.safeParse(s);

describe('a reaction emoji', () => {
  it.each([
    ['a plain emoji', '👍', '👍'],
    ['a skin tone', '👍🏽', '👍🏽'],
    ['a text-by-default heart with VS16', '❤️', '❤️'],
    ['a flag', '🇨🇳', '🇨🇳'],
    ['a subdivision flag', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['a keycap', '1️⃣', '1️⃣'],
    ['a ZWJ family', '👨‍👩‍👧‍👦', '👨‍👩‍👧‍👦'],
    ['a ZWJ sequence with skin tones and VS16', '🧑🏻‍❤️‍💋‍🧑🏼', '🧑🏻‍❤️‍💋‍🧑🏼'],
    ['the rainbow flag', '🏳️‍🌈', '🏳️‍🌈'],
  ])('accepts %s', (_what, input, stored) => {
    expect(ok(input)).toEqual({ success: true, data: stored });
  });

  it.each([
    ['a bare heart gets its VS16', '❤', '❤️'],
    ['a keycap without VS16 gets one', '#⃣', '#️⃣'],
    ['an emoji-by-default with a stray VS16 loses it', '👍️', '👍'],
    ['a ZWJ sequence typed without VS16', '🏳‍🌈', '🏳️‍🌈'],
  ])('stores one form per emoji: %s', (_what, input, stored) => {
    expect(ok(input)).toEqual({ success: true, data: stored });
    expect(qualifyEmoji(stored)).toBe(stored);
  });

  it.each([
    ['empty', ''],
    ['text', 'abc'],
    ['text after an emoji', '👍ok'],
    ['two emoji', '👍👍'],
    ['an emoji and a space', '👍 '],
    ['a digit alone', '1'],
    ['one regional indicator', '🇨'],
    ['three regional indicators', '🇨🇳🇺'],
    ['a dangling joiner', '👍\u200D'],
    ['100 characters', 'x'.repeat(100)],
    ['34 units of joined emoji', Array.from({ length: 12 }, () => '👍').join('\u200D')],
    ['markup', '<img src=x>'],
  ])('refuses %s', (_what, input) => {
    expect(ok(input).success).toBe(false);
  });
});
