import { describe, expect, it } from 'vitest';
import { contentDisposition, sanitizeFileName } from './file-name.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('sanitizeFileName', () => {
  it.each([
    ['a plain name', 'report.pdf', 'report.pdf'],
    ['a Unicode name', '报告.pdf', '报告.pdf'],
    ['a Unix path climbing out', '../../etc/passwd', 'passwd'],
    ['a Windows path', 'C:\\Users\\me\\notes.txt', 'notes.txt'],
    ['a path ending in a slash', 'dir/', 'file'],
    ['dots only', '..', 'file'],
    ['an empty name', '', 'file'],
    ['a hidden-file name', '.htaccess', 'htaccess'],
    ['control characters', 'a\u0000b\u0007c\u001b.txt', 'abc.txt'],
    ['a right-to-left override that disguises an extension', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['zero-width and bidi marks', 'a\u200Bb\u200Fc\u2066.txt', 'abc.txt'],
    ['tabs and newlines (control characters too)', 'two\tparts\r\nname.txt', 'twopartsname.txt'],
    ['runs of spaces', 'a   b\u00a0\u00a0c.txt', 'a b c.txt'],
    ['surrounding blanks', '   padded.txt  ', 'padded.txt'],
    ['a decomposed accent (NFD), normalised to NFC', 'cafe\u0301.txt', 'caf\u00e9.txt'],
  ])('cleans %s', (_what, raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('shortens a 1000-character name to at most 200 bytes and keeps its extension', () => {
    const name = sanitizeFileName(`${'x'.repeat(1000)}.pdf`);
    expect(name).toBe(`${'x'.repeat(196)}.pdf`);
    expect(bytes(name)).toBe(200);
  });

  it('shortens multi-byte names on character boundaries, never splitting a character', () => {
    const name = sanitizeFileName(`${'报'.repeat(500)}.pdf`);
    expect(name).toBe(`${'报'.repeat(65)}.pdf`); // 65 × 3 + 4 = 199 bytes; a 66th would be 202
    const emoji = sanitizeFileName(`${'👍'.repeat(100)}.png`);
    expect(emoji).toBe(`${'👍'.repeat(49)}.png`); // 49 × 4 + 4 = 200 bytes
  });

  it('does not keep an "extension" longer than 16 characters when shortening', () => {
    const name = sanitizeFileName(`a.${'y'.repeat(300)}`);
    expect(name).toBe(`a.${'y'.repeat(198)}`);
  });

  // A multipart header may hold ~80 KB of name; shortening must stay linear, or one request
  // blocks the event loop for minutes (it took 18 s for 40 000 characters).
  it('shortens an 80 000-character name without stalling', () => {
    expect(sanitizeFileName(`${'x'.repeat(80_000)}.pdf`)).toBe(`${'x'.repeat(196)}.pdf`);
    expect(sanitizeFileName(`${'报'.repeat(27_000)}.txt`)).toBe(`${'报'.repeat(65)}.txt`);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII name as it is, in both parameters', () => {
    expect(contentDisposition('attachment', 'report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });

  it('percent-encodes a UTF-8 name per RFC 5987 and gives old clients an ASCII stand-in', () => {
    expect(contentDisposition('attachment', '报告.pdf')).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`);
  });

  it('cannot be broken out of by quotes, backslashes or separators in the name', () => {
    expect(contentDisposition('inline', `a"b\\c'(d)*; x=y.txt`)).toBe(
      `inline; filename="a_b_c'(d)*; x=y.txt"; filename*=UTF-8''a%22b%5Cc%27%28d%29%2A%3B%20x%3Dy.txt`,
    );
  });

  it('never lets a raw newline or control character into the header', () => {
    const header = contentDisposition('attachment', 'evil\r\nSet-Cookie: x=1');
    expect(header).toBe(`attachment; filename="evil__Set-Cookie: x=1"; filename*=UTF-8''evil%0D%0ASet-Cookie%3A%20x%3D1`);
  });
});
