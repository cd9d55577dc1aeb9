import { describe, expect, it } from 'vitest';
import { parseRange } from './http-range.js';

// All against a 50-byte resource (bytes 0-49).
const SIZE = 50;

describe('parseRange', () => {
  it.each([
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=0-0', { start: 0, end: 0 }],
    ['bytes=10-', { start: 10, end: 49 }],
    ['bytes=49-49', { start: 49, end: 49 }],
    ['bytes=40-100', { start: 40, end: 49 }],
    ['bytes=0-99999999999999999999', { start: 0, end: 49 }],
    ['bytes=-5', { start: 45, end: 49 }],
    ['bytes=-50', { start: 0, end: 49 }],
    ['bytes=-500', { start: 0, end: 49 }],
    [' bytes=0-9 ', { start: 0, end: 9 }],
  ])('reads %j as a single range', (header, range) => {
    expect(parseRange(header, SIZE)).toEqual(range);
  });

  it.each([
    ['a first byte at the end', 'bytes=50-'],
    ['a first byte past the end', 'bytes=100-200'],
    ['an empty suffix', 'bytes=-0'],
  ])('calls %s unsatisfiable', (_what, header) => {
    expect(parseRange(header, SIZE)).toBe('unsatisfiable');
  });

  // RFC 9110 §14.1.1: a range whose last byte is before its first is invalid, not unsatisfiable,
  // and an invalid Range header is ignored (the whole file is sent), as the function documents.
  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another unit', 'items=0-9'],
    ['several ranges', 'bytes=0-1,5-9'],
    ['no numbers', 'bytes=-'],
    ['signs', 'bytes=+1-5'],
    ['a last byte before the first', 'bytes=9-3'],
    ['a last byte before the first, both past the end', 'bytes=90-60'],
    ['garbage', 'bytes=abc'],
  ])('means the whole file for %s', (_what, header) => {
    expect(parseRange(header, SIZE)).toBeUndefined();
  });
});
