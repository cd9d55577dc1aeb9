import { z } from 'zod';

/** Length in Unicode code points, so a Chinese character or an emoji counts once. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * A UTF-16 surrogate with no partner. JSON (`"\ud800"`) can carry one, but UTF-8 cannot: each
 * database driver would silently turn it into U+FFFD, so what we stored would differ from what was
 * sent. With the `u` flag a matched pair is one code point, so only lone halves match.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Characters that change how a name looks without being seen: control characters (Cc), zero-width
 * characters and the word joiner and BOM (U+200B-U+200D, U+2060, U+FEFF), and bidi controls
 * (U+200E/U+200F, U+202A-U+202E, U+2066-U+2069, U+061C), with which "alice\u202Eecila" would read
 * as someone else in a member list.
 */
const INVISIBLE_IN_NAMES = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\u061C\uFEFF]/u;

/**
 * Control characters other than tab and line breaks. NUL in particular: PostgreSQL refuses it in text
 * columns (SQLite stores it), so it would be a 500 on one dialect and stored data on the other.
 */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** True when the string contains a control character other than tab, line feed or carriage return. */
export function hasControlCharacters(s: string): boolean {
  return CONTROL_IN_TEXT.test(s);
}

/** True when the string contains a surrogate half without its partner (not valid Unicode text). */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** True when the string contains a control, zero-width or bidi control character (see INVISIBLE_IN_NAMES). */
export function hasInvisibleCharacters(s: string): boolean {
  return INVISIBLE_IN_NAMES.test(s);
}

const wellFormed = { message: 'must be valid Unicode text (it contains a lone surrogate)' };

/** A trimmed, NFC-normalised string of `min..max` code points without any character `forbidden` matches. */
function textWithout(min: number, max: number, forbidden: RegExp, message: string) {
  return z
    .string()
    .max(max * 4)
    .refine((s) => !hasLoneSurrogate(s), wellFormed)
    .refine((s) => !forbidden.test(s), { message })
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => codePointLength(s) >= min, { message: `must be at least ${min} characters` })
    .refine((s) => codePointLength(s) <= max, { message: `must be at most ${max} characters` });
}

/**
 * Free text (message bodies, bios, descriptions) of `min..max` code points, trimmed and NFC: bidi
 * marks and line breaks stay, because people paste right-to-left text and write paragraphs; other
 * control characters (NUL, escape sequences) do not.
 */
export function boundedText(min: number, max: number) {
  return textWithout(min, max, CONTROL_IN_TEXT, 'must not contain control characters other than tab and line breaks');
}

/**
 * A name shown to other people (display name, room name, status line): like boundedText, and
 * without any control, zero-width or bidi control character, so a name cannot impersonate another.
 */
export function nameText(min: number, max: number) {
  return textWithout(min, max, INVISIBLE_IN_NAMES, 'must not contain control, zero-width or bidi control characters');
}
