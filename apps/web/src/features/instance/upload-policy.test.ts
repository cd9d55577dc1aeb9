import type { PublicInstance } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { matchesContentType, refuseUpload } from './upload-policy';

const instance = (over: Partial<PublicInstance> = {}): PublicInstance => ({
  name: 'Parley',
  registration: 'open',
  defaultLanguage: 'en',
  maxUploadBytes: 1024 * 1024,
  allowedFileTypes: ['image/*', 'application/pdf'],
  ...over,
});

describe('matchesContentType', () => {
  it('matches any, a family, or one exact type, ignoring case', () => {
    expect(matchesContentType('video/mp4', '*/*')).toBe(true);
    expect(matchesContentType('image/png', 'image/*')).toBe(true);
    expect(matchesContentType('IMAGE/PNG', 'image/png')).toBe(true);
    expect(matchesContentType('imagex/png', 'image/*')).toBe(false);
    expect(matchesContentType('application/pdfx', 'application/pdf')).toBe(false);
  });
});

describe('refuseUpload', () => {
  it('refuses a file over the limit and names the limit', () => {
    expect(refuseUpload({ size: 1024 * 1024 + 1, type: 'image/png' }, instance())).toEqual({ reason: 'too_large', maxBytes: 1024 * 1024 });
  });

  it('accepts a file of exactly the limit', () => {
    expect(refuseUpload({ size: 1024 * 1024, type: 'image/png' }, instance())).toBeUndefined();
  });

  it('refuses a type outside the allowed patterns, parameters ignored', () => {
    expect(refuseUpload({ size: 10, type: 'text/plain; charset=utf-8' }, instance())).toEqual({ reason: 'type_not_allowed' });
    expect(refuseUpload({ size: 10, type: 'application/pdf' }, instance())).toBeUndefined();
  });

  it('leaves a file the browser cannot type, and everything before the settings are known, to the server', () => {
    expect(refuseUpload({ size: 10, type: '' }, instance())).toBeUndefined();
    expect(refuseUpload({ size: 1e12, type: 'x/y' }, undefined)).toBeUndefined();
  });
});
