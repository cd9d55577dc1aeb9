/** A whole message of at most this many emoji is shown large, as Slack does. */
const MAX_JUMBO = 3;
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}\u200D\uFE0F\u20E3])+$/u;
const HAS_PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * True when the body is one to three emoji and nothing else (whitespace aside). Counted in graphemes,
 * so a family (👨‍👩‍👧), a flag (🇨🇳) or a skin tone (👍🏽) is one emoji.
 */
export function isJumbomoji(body: string): boolean {
  const text = body.replace(/\s+/g, '');
  if (text === '' || text.length > 64) return false;
  let count = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (!EMOJI.test(segment) || !HAS_PICTOGRAPH.test(segment)) return false;
    if (++count > MAX_JUMBO) return false;
  }
  return true;
}
