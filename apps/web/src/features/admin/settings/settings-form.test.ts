import type { InstanceSettings } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/api-error';
import { ceilingFromError, changedSettings, invalidTypes, mbText, parseMb, readDraft, serverErrorField, splitTypes, toDraft } from './settings-form';

const saved: InstanceSettings = {
  instanceName: 'Parley',
  registration: 'open',
  maxUploadBytes: 25 * 1024 * 1024,
  allowedFileTypes: ['image/*', 'application/pdf'],
  defaultLanguage: 'en',
};

describe('sizes in MB', () => {
  it('shows bytes as short MB and reads MB back to whole bytes', () => {
    expect(mbText(25 * 1024 * 1024)).toBe('25');
    expect(mbText(512 * 1024)).toBe('0.5');
    expect(parseMb('0.5')).toBe(512 * 1024);
    expect(parseMb(' 2,5 ')).toBe(Math.round(2.5 * 1024 * 1024));
    expect(parseMb('.25')).toBe(256 * 1024);
  });

  it('refuses what is not a positive number', () => {
    for (const text of ['', 'abc', '-1', '0', '1e3', '1.2.3']) expect(parseMb(text)).toBeUndefined();
  });
});

describe('content type patterns', () => {
  it('splits on commas, spaces and lines, lower-cases and drops repeats', () => {
    expect(splitTypes('image/*, Application/PDF\napplication/pdf  video/mp4;')).toEqual(['image/*', 'application/pdf', 'video/mp4']);
  });

  it('names the patterns the protocol refuses', () => {
    expect(invalidTypes(['image/*', 'pdf', '*/*', 'text/', '*/png'])).toEqual(['pdf', 'text/', '*/png']);
  });
});

describe('readDraft', () => {
  it('turns a valid draft into settings', () => {
    expect(readDraft({ ...toDraft(saved), instanceName: '  Team chat ', maxUploadMb: '10' })).toEqual({
      settings: { ...saved, instanceName: 'Team chat', maxUploadBytes: 10 * 1024 * 1024 },
    });
  });

  it('reports each bad field by its own key', () => {
    expect(readDraft({ ...toDraft(saved), instanceName: '   ', maxUploadMb: 'big', allowedFileTypes: [] })).toEqual({
      errors: { instanceName: 'adminSettings.nameInvalid', maxUploadBytes: 'adminSettings.sizeNotNumber', allowedFileTypes: 'adminSettings.typesEmpty' },
    });
    expect(readDraft({ ...toDraft(saved), maxUploadMb: '0.0001', allowedFileTypes: ['nope'] })).toEqual({
      errors: { maxUploadBytes: 'adminSettings.sizeRange', allowedFileTypes: 'adminSettings.typesInvalid' },
    });
  });
});

describe('changedSettings', () => {
  it('keeps only the keys that differ, lists compared by value', () => {
    expect(changedSettings(saved, { ...saved, allowedFileTypes: ['image/*', 'application/pdf'] })).toEqual({});
    expect(changedSettings(saved, { ...saved, registration: 'closed', allowedFileTypes: ['*/*'] })).toEqual({ registration: 'closed', allowedFileTypes: ['*/*'] });
  });
});

describe('ceilingFromError', () => {
  it('reads the configured ceiling from the refusal of a larger size', () => {
    const err = new ApiError('invalid_request', "maxUploadBytes can be at most 26214400 bytes, the server's uploads.maxFileBytes", 400);
    expect(ceilingFromError(err)).toBe(26214400);
  });

  it('has none for other refusals', () => {
    expect(ceilingFromError(new ApiError('invalid_request', 'body.instanceName: at most 64 characters', 400))).toBeUndefined();
    expect(ceilingFromError(new ApiError('invalid_request', 'body.maxUploadBytes: must be a number', 400))).toBeUndefined();
  });
});

describe('serverErrorField', () => {
  it('finds the field a refusal names', () => {
    expect(serverErrorField(new ApiError('invalid_request', 'body.maxUploadBytes: must be at most 26214400 (uploads.maxFileBytes)', 400))).toBe('maxUploadBytes');
    expect(serverErrorField(new ApiError('invalid_request', 'allowedFileTypes.0: must be content types', 400))).toBe('allowedFileTypes');
  });

  it('leaves other errors to the form as a whole', () => {
    expect(serverErrorField(new ApiError('rate_limited', 'slow down', 429))).toBeUndefined();
    expect(serverErrorField(new Error('maxUploadBytes'))).toBeUndefined();
  });
});
