import type { ErrorCode } from '@parley/protocol';

/** `network` means the request never got an answer (offline, server down); the rest are server codes. */
export type ClientErrorCode = ErrorCode | 'network';

/** A failed API call, carrying the server's `{error:{code,message}}` or `network`. */
export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The session is gone (refresh token expired or revoked): the user has to sign in again. */
export class SignedOutError extends Error {
  constructor() {
    super('signed out');
    this.name = 'SignedOutError';
  }
}

export function isApiError(err: unknown, code?: ClientErrorCode): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
