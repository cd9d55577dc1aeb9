import type { ErrorCode, ServerFrameOf } from '@parley/protocol';
import { DomainError } from '../domain/errors.js';
import { StorageUnavailableError } from '../storage/errors.js';

/** Turns any thrown value into an `error` frame; unknown errors become `internal` with no details. */
export function toErrorFrame(err: unknown, ref: string | undefined): { frame: ServerFrameOf<'error'>; unexpected: boolean } {
  if (err instanceof DomainError) {
    return { frame: { type: 'error', ref, code: err.code, message: err.message }, unexpected: false };
  }
  // The socket stays open: once the database is back, a resend with the same clientMsgId just works.
  if (err instanceof StorageUnavailableError) {
    return { frame: { type: 'error', ref, code: 'unavailable', message: 'The server cannot reach its database; retry shortly' }, unexpected: false };
  }
  return { frame: { type: 'error', ref, code: 'internal', message: 'Something went wrong on the server' }, unexpected: true };
}

export function errorFrame(code: ErrorCode, message: string, ref?: string): ServerFrameOf<'error'> {
  return { type: 'error', ref, code, message };
}
