import { describe, expect, it } from 'vitest';
import { isJumbomoji } from './jumbomoji';

describe('isJumbomoji', () => {
  it.each(['👍', '🎉🎉', ' 😀 😂 🙂 ', '👨‍👩‍👧', '🇨🇳🇺🇸', '👍🏽', '❤️', '✌️🔥'])('enlarges %j', (body) => {
    expect(isJumbomoji(body)).toBe(true);
  });

  it.each(['', '   ', '😀😂🙂😉', 'ok 👍', '👍!', '中文', '1', '**👍**', '👍\n\nhi'])('keeps %j at text size', (body) => {
    expect(isJumbomoji(body)).toBe(false);
  });
});
