import { describe, expect, it } from 'vitest';
import { fileFamily, fileIcon, formatBytes } from './file-kind';

describe('fileFamily', () => {
  it('goes by the content type first', () => {
    expect(fileFamily('application/pdf', 'report.bin')).toBe('pdf');
    expect(fileFamily('application/zip', 'x')).toBe('archive');
    expect(fileFamily('image/svg+xml', 'logo.svg')).toBe('image');
    expect(fileFamily('audio/mpeg', 'song')).toBe('audio');
    expect(fileFamily('video/mp4', 'clip')).toBe('video');
    expect(fileFamily('text/plain; charset=utf-8', 'notes')).toBe('text');
    expect(fileFamily('application/json', 'data')).toBe('text');
  });

  it('falls back to the extension for generic types, case-insensitively', () => {
    expect(fileFamily('application/octet-stream', 'backup.TAR.GZ')).toBe('archive');
    expect(fileFamily('application/octet-stream', 'Scan.PDF')).toBe('pdf');
    expect(fileFamily('application/octet-stream', 'voice.m4a')).toBe('audio');
    expect(fileFamily('', 'readme.md')).toBe('text');
  });

  it('is generic for unknown types, no extension and dot-files', () => {
    expect(fileFamily('application/octet-stream', 'firmware.bin')).toBe('generic');
    expect(fileFamily('application/octet-stream', 'Makefile')).toBe('generic');
    expect(fileFamily('application/octet-stream', '.pdf')).toBe('generic');
  });

  it('maps families to Font Awesome icons', () => {
    expect(fileIcon('application/pdf', 'a.pdf')).toBe('fa-file-pdf');
    expect(fileIcon('application/x-7z-compressed', 'a.7z')).toBe('fa-file-zipper');
    expect(fileIcon('application/octet-stream', 'a.bin')).toBe('fa-file');
  });
});

describe('formatBytes', () => {
  it('spells out bytes and shortens larger units', () => {
    expect(formatBytes(0, 'en')).toBe('0 bytes');
    expect(formatBytes(1, 'en')).toBe('1 byte');
    expect(formatBytes(980, 'en')).toBe('980 bytes');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(25 * 1024 * 1024, 'en')).toBe('25 MB');
    expect(formatBytes(3 * 1024 ** 3, 'en')).toBe('3 GB');
  });

  it('rounds without printing 1024 of a unit', () => {
    expect(formatBytes(1024 * 1024 - 1, 'en')).toBe('1 MB');
    expect(formatBytes(10.44 * 1024, 'en')).toBe('10 kB');
  });

  it('follows the language', () => {
    expect(formatBytes(980, 'zh-CN')).toBe('980字节');
    expect(formatBytes(1536, 'zh-CN')).toBe('1.5 kB');
  });
});
