import type { RoomRecord } from '../storage/types.js';
import { DomainError } from './errors.js';

/** The refusal for what a direct-message conversation does not have. */
export function notAllowedInDirect(): DomainError {
  return new DomainError('not_allowed_in_direct', 'This is not possible in a direct message');
}

/**
 * A direct-message conversation belongs to its people equally: it has no name or settings to edit,
 * no owner or admins, no invites, kicks or bans, and nobody joins it by id. Call this after the
 * access check, so a non-member still learns nothing but `room_not_found`.
 */
export function assertNotDirect(room: Pick<RoomRecord, 'kind'>): void {
  if (room.kind === 'direct') throw notAllowedInDirect();
}
