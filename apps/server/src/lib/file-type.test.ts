import { describe, expect, it } from 'vitest';
import { isTypeAllowed, servedContentType, sniffType } from './file-type.js';

const bytes = (...b: number[]) => Buffer.from(b);
const text = (s: string) => Buffer.from(s, 'utf8');
/** What the upload path hands sniffType: the first 64 bytes of the file. */
const head = (b: Buffer) => b.subarray(0, 64);

describe('sniffType', () => {
  it.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), { contentType: 'image/jpeg', image: 'jpeg' }],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), { contentType: 'image/png', image: 'png' }],
    ['GIF87a', text('GIF87a\x01\x00'), { contentType: 'image/gif', image: 'gif' }],
    ['GIF89a', text('GIF89a\x01\x00'), { contentType: 'image/gif', image: 'gif' }],
    ['WebP', Buffer.concat([text('RIFF'), bytes(0x24, 0, 0, 0), text('WEBPVP8 ')]), { contentType: 'image/webp', image: 'webp' }],
    ['PDF', text('%PDF-1.7\n'), { contentType: 'application/pdf' }],
    ['ZIP', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0), { contentType: 'application/zip' }],
    ['gzip', bytes(0x1f, 0x8b, 0x08, 0), { contentType: 'application/gzip' }],
    ['MP4', Buffer.concat([bytes(0, 0, 0, 0x18), text('ftypmp42')]), { contentType: 'video/mp4' }],
    ['an ISO-brand MP4', Buffer.concat([bytes(0, 0, 0, 0x20), text('ftypisom')]), { contentType: 'video/mp4' }],
    ['an iPhone HEIC photo', Buffer.concat([bytes(0, 0, 0, 0x18), text('ftypheic')]), { contentType: 'image/heic' }],
    ['a HEIF image', Buffer.concat([bytes(0, 0, 0, 0x18), text('ftypmif1')]), { contentType: 'image/heic' }],
    ['an AVIF image', Buffer.concat([bytes(0, 0, 0, 0x1c), text('ftypavif')]), { contentType: 'image/avif' }],
    ['M4A audio', Buffer.concat([bytes(0, 0, 0, 0x20), text('ftypM4A ')]), { contentType: 'audio/mp4' }],
    ['MP3 with ID3', text('ID3\x03\x00'), { contentType: 'audio/mpeg' }],
    ['bare MP3 frame', bytes(0xff, 0xfb, 0x90, 0x44), { contentType: 'audio/mpeg' }],
    ['Ogg', text('OggS\x00\x02'), { contentType: 'audio/ogg' }],
    ['plain text', text('hello, world\n'), { contentType: 'text/plain' }],
    ['an SVG', text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), { contentType: 'image/svg+xml' }],
    ['an SVG after blank lines', text('\n\n  <svg><script>x</script></svg>'), { contentType: 'image/svg+xml' }],
    ['HTML', text('<!DOCTYPE html><html><body>x'), { contentType: 'text/html' }],
    ['an <html> page', text('<HTML><script>x</script>'), { contentType: 'text/html' }],
    ['XML', text('<?xml version="1.0"?><note/>'), { contentType: 'application/xml' }],
    ['binary with a NUL byte', bytes(0x41, 0x00, 0x42), { contentType: 'application/octet-stream' }],
    ['bytes that are not UTF-8', bytes(0x41, 0xc3, 0x28, 0x42), { contentType: 'application/octet-stream' }],
    ['an empty head', Buffer.alloc(0), { contentType: 'text/plain' }],
  ])('recognises %s by its bytes', (_what, input, expected) => {
    expect(sniffType(head(input))).toEqual(expected);
  });

  it('calls a file image only for a real raster signature, never for a near miss', () => {
    expect(sniffType(bytes(0xff, 0xd8, 0x00))).toEqual({ contentType: 'application/octet-stream' });
    expect(sniffType(text('RIFF\x24\x00\x00\x00WAVEfmt '))).toEqual({ contentType: 'application/octet-stream' });
    expect(sniffType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a))).toEqual({ contentType: 'application/octet-stream' });
  });

  it('keeps UTF-8 text as text when the 64-byte head ends inside a multi-byte character', () => {
    // 21 CJK characters are 63 bytes; the 22nd is cut after its first byte.
    const chinese = text('这是一个中文文本文件用来测试类型检测是否正确处理多字节字符的边界');
    expect(head(chinese).length).toBe(64);
    expect(sniffType(head(chinese))).toEqual({ contentType: 'text/plain' });
  });

  it('still calls bytes binary when they are broken UTF-8 before the cut', () => {
    const broken = Buffer.concat([text('a'.repeat(30)), bytes(0xe4, 0x41), text('b'.repeat(32))]);
    expect(sniffType(head(broken))).toEqual({ contentType: 'application/octet-stream' });
  });
});

describe('servedContentType', () => {
  it.each([
    ['text/plain', 'text/plain; charset=utf-8'],
    ['application/pdf', 'application/pdf'],
    ['application/zip', 'application/zip'],
    ['video/mp4', 'video/mp4'],
    ['image/svg+xml', 'application/octet-stream'],
    ['text/html', 'application/octet-stream'],
    ['application/xml', 'application/octet-stream'],
    ['application/octet-stream', 'application/octet-stream'],
  ])('serves a stored %s as %s', (stored, served) => {
    expect(servedContentType(stored)).toBe(served);
  });
});

describe('isTypeAllowed', () => {
  it('matches exact types, type/* and */*', () => {
    expect(isTypeAllowed('image/png', ['*/*'])).toBe(true);
    expect(isTypeAllowed('image/png', ['image/*'])).toBe(true);
    expect(isTypeAllowed('image/png', ['image/png'])).toBe(true);
    expect(isTypeAllowed('application/pdf', ['image/*', 'application/pdf'])).toBe(true);
  });

  it('refuses anything the list does not name', () => {
    expect(isTypeAllowed('text/plain', ['image/*'])).toBe(false);
    expect(isTypeAllowed('image/svg+xml', ['image/png', 'image/jpeg'])).toBe(false);
    expect(isTypeAllowed('application/pdf', ['application/pd*'])).toBe(false);
  });
});
