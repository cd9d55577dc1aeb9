import { describe, expect, it } from 'vitest';
import { ApiError, SignedOutError } from '../../api/api-error';
import { UploadAbortedError } from '../../api/upload-request';
import { canRetryUpload, toUploadError, uploadErrorKey } from './upload-error';

const png = { size: 5_000_000, type: 'image/png' };
const big = { size: 30 * 1024 * 1024, type: 'image/png' };
const pdf = { size: 30 * 1024 * 1024, type: 'application/pdf' };

describe('upload errors', () => {
  it('treats a cancel as no error and anything unexpected as unknown', () => {
    expect(toUploadError(new UploadAbortedError())).toBeUndefined();
    expect(toUploadError(new ApiError('unsupported_media_type', 'no', 415))).toBe('unsupported_media_type');
    expect(toUploadError(new SignedOutError())).toBe('unknown');
  });

  it('names the limit that a 413 hit', () => {
    expect(uploadErrorKey('payload_too_large', big)).toBe('uploads.tooLarge');
    expect(uploadErrorKey('payload_too_large', pdf)).toBe('uploads.tooLarge');
    expect(uploadErrorKey('payload_too_large', png)).toBe('uploads.tooManyPixels');
    // Under an instance limit of 1 MB, a 5 MB image hit the byte limit, not the pixel one.
    expect(uploadErrorKey('payload_too_large', png, 1024 * 1024)).toBe('uploads.tooLarge');
  });

  it('maps 415, 400, network and offline to upload wording, the rest to the shared errors', () => {
    expect(uploadErrorKey('unsupported_media_type', pdf)).toBe('uploads.typeNotAllowed');
    expect(uploadErrorKey('invalid_request', png)).toBe('uploads.unreadable');
    expect(uploadErrorKey('network', png)).toBe('uploads.network');
    expect(uploadErrorKey('offline', png)).toBe('uploads.offline');
    expect(uploadErrorKey('rate_limited', png)).toBe('errors.rate_limited');
    expect(uploadErrorKey('unknown', png)).toBe('errors.internal');
  });

  it('offers a retry only where the file itself was not refused', () => {
    expect(canRetryUpload('network')).toBe(true);
    expect(canRetryUpload('offline')).toBe(true);
    expect(canRetryUpload('unavailable')).toBe(true);
    expect(canRetryUpload('payload_too_large')).toBe(false);
    expect(canRetryUpload('unsupported_media_type')).toBe(false);
    expect(canRetryUpload('invalid_request')).toBe(false);
  });
});
