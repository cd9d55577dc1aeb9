import type { ErrorCode } from '@parley/protocol';

/** A refused request, with a stable code that transports map to a status or an `error` frame. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The one answer for a room the caller may not know about: missing, deleted, or private and not theirs. */
export function roomNotFound(): DomainError {
  return new DomainError('room_not_found', 'Room not found');
}
