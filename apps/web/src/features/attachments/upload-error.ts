import { ApiError } from '../../api/api-error';
import { UploadAbortedError } from '../../api/upload-request';
import type { UploadErrorCode } from './upload-queue';

/** The server's default upload limit, assumed until GET /api/instance has published the real one. */
export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** A failure worth trying again as it is: the server never judged the file itself. */
const RETRYABLE = new Set<UploadErrorCode>(['network', 'offline', 'unavailable', 'internal', 'rate_limited', 'unknown']);

/** The failure code of a thrown upload error, or undefined when the upload was merely cancelled. */
export function toUploadError(err: unknown): UploadErrorCode | undefined {
  if (err instanceof UploadAbortedError) return undefined;
  if (err instanceof ApiError) return err.code;
  return 'unknown';
}

export function canRetryUpload(code: UploadErrorCode): boolean {
  return RETRYABLE.has(code);
}

/**
 * The translation key for a failed upload. 413 has two causes with one code: a file over the byte limit,
 * or an image over the pixel limit; a file under the byte limit can only have hit the second.
 */
export function uploadErrorKey(code: UploadErrorCode, file: { size: number; type: string }, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): string {
  switch (code) {
    case 'payload_too_large':
      return file.type.startsWith('image/') && file.size <= maxBytes ? 'uploads.tooManyPixels' : 'uploads.tooLarge';
    case 'unsupported_media_type':
      return 'uploads.typeNotAllowed';
    case 'invalid_request':
      return 'uploads.unreadable';
    case 'network':
      return 'uploads.network';
    case 'offline':
      return 'uploads.offline';
    case 'unknown':
      return 'errors.internal';
    default:
      return `errors.${code}`;
  }
}
