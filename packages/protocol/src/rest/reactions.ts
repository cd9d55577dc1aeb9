import { z } from 'zod';
import { Id } from './common.js';
import { Reaction } from './messages.js';

/** Longest reaction accepted, in UTF-16 units: every RGI emoji fits (the longest are 15 units). */
export const MAX_EMOJI_UNITS = 32;

const PICTOGRAPH = '\\p{Extended_Pictographic}';
const MODIFIER = '\\p{Emoji_Modifier}';
const REGIONAL = '\\p{Regional_Indicator}';
/** A subdivision flag's tag letters and its CANCEL TAG (🏴 + "gbsct" + U+E007F = Scotland). */
const TAGS = '[\\u{E0020}-\\u{E007E}]+\\u{E007F}';
/** One emoji of a ZWJ sequence: a flag, a keycap, or a pictograph with its presentation, skin tone or tags. */
const ELEMENT = `(?:${REGIONAL}${REGIONAL}|[0-9#*]\\uFE0F?\\u20E3|${PICTOGRAPH}(?:\\uFE0F|${MODIFIER})?(?:${TAGS})?|${MODIFIER})`;
const ONE_EMOJI = new RegExp(`^${ELEMENT}(?:\\u200D${ELEMENT})*$`, 'u');

/** Characters drawn as emoji even without U+FE0F (👍); others (❤, ©) need it to stop looking like text. */
const EMOJI_BY_DEFAULT = /^\p{Emoji_Presentation}$/u;
const TEXT_BY_DEFAULT_PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const SKIN_TONE = /^\p{Emoji_Modifier}$/u;
const KEYCAP_BASE = /^[0-9#*]$/;

/**
 * The fully-qualified form (Unicode TS #51), so "❤" and "❤️", or "👍️" and "👍", are one reaction:
 * U+FE0F after each keycap base and each text-by-default pictograph without a skin tone, nowhere else.
 */
export function qualifyEmoji(emoji: string): string {
  const chars = [...emoji.replaceAll('\uFE0F', '')];
  let out = '';
  for (const [i, c] of chars.entries()) {
    out += c;
    const next = chars[i + 1];
    const pictograph = TEXT_BY_DEFAULT_PICTOGRAPH.test(c) && !EMOJI_BY_DEFAULT.test(c) && !(next !== undefined && SKIN_TONE.test(next));
    if (pictograph || (KEYCAP_BASE.test(c) && next === '\u20E3')) out += '\uFE0F';
  }
  return out;
}

/**
 * Exactly one emoji: a pictograph (optionally with VS16, a skin tone or subdivision tags), a flag
 * (two regional indicators), a keycap, or a ZWJ sequence of those; never text, never two emoji.
 * Normalised to its fully-qualified form.
 */
export const Emoji = z
  .string()
  .min(1, { message: 'must be one emoji' })
  .max(MAX_EMOJI_UNITS, { message: `must be one emoji (at most ${MAX_EMOJI_UNITS} UTF-16 units)` })
  .refine((s) => ONE_EMOJI.test(s), { message: 'must be exactly one emoji, with no text' })
  .transform(qualifyEmoji)
  .refine((s) => s.length <= MAX_EMOJI_UNITS, { message: `must be one emoji (at most ${MAX_EMOJI_UNITS} UTF-16 units)` });
export type Emoji = z.infer<typeof Emoji>;

/** Path parameters of `/api/rooms/:id/messages/:messageId/reactions/:emoji` (`:emoji` URL-encoded). */
export const ReactionParams = z.object({ id: Id, messageId: Id, emoji: Emoji });
export type ReactionParams = z.infer<typeof ReactionParams>;

/** `PUT`/`DELETE …/reactions/:emoji`: the message's reactions after the change, oldest emoji first. */
export const ReactionsBody = z.object({ reactions: z.array(Reaction) });
export type ReactionsBody = z.infer<typeof ReactionsBody>;

/** `GET /api/me/reactions/frequent`: up to 8 emoji for the small picker, the caller's most used first. */
export const FrequentEmojis = z.object({ emojis: z.array(z.string()) });
export type FrequentEmojis = z.infer<typeof FrequentEmojis>;
