import { codePointLength } from '@parley/protocol';
import { isApiError } from '../../api/api-error';

/**
 * The body field an `invalid_request` answer names ("body.name: must be at most 80 characters"), so
 * the form can show the error under that field; undefined for any other error.
 */
export function invalidField(err: unknown): string | undefined {
  if (!isApiError(err, 'invalid_request')) return undefined;
  return /^body\.([A-Za-z]+)\b/.exec(err.message)?.[1];
}

/** Whether `text`, trimmed and NFC-normalised as the server does, is `min..max` code points long. */
export function fitsLength(text: string, min: number, max: number): boolean {
  const n = codePointLength(text.normalize('NFC').trim());
  return n >= min && n <= max;
}

/** Code points the server will count: what a "12 / 80" counter should show. */
export function countedLength(text: string): number {
  return codePointLength(text.normalize('NFC').trim());
}
