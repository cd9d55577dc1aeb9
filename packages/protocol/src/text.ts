import { z } from 'zod';

/** Length in Unicode code points, so a Chinese character or an emoji counts once. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A trimmed, NFC-normalised string of `min..max` code points. */
export function boundedText(min: number, max: number) {
  return z
    .string()
    .max(max * 4)
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => codePointLength(s) >= min, { message: `must be at least ${min} characters` })
    .refine((s) => codePointLength(s) <= max, { message: `must be at most ${max} characters` });
}
