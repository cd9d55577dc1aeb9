import type { RegistrationMode, UserRef } from '@parley/protocol';
import { sha256Hex } from '../lib/sha256.js';
import type { Store } from '../storage/types.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';

/** What happens once an admitted account exists: it joins the room its invite opened. */
export type Welcome = (user: UserRef) => Promise<void>;

/** Decides whether an account may be created now (registration setting, invite code). */
export interface RegistrationGate {
  /** Throws registration_closed or invite_required; otherwise returns what to do after creating the account. */
  admit(inviteCode: string | undefined): Promise<Welcome | undefined>;
}

export interface RegistrationGateDeps {
  store: Store;
  clock: Clock;
  /** The registration setting in force on this instance right now. */
  mode: () => RegistrationMode;
  /** Joins the new account to the invite's room (membership rules: public, or private with this code). */
  join: (user: UserRef, roomId: string, inviteCode: string) => Promise<void>;
  /** The join after registration failed (invite revoked in between): the account stays, the error is logged. */
  onJoinError: (err: unknown, roomId: string) => void;
}

/**
 * open: anyone; invite-only: a live room invite's code (not expired, not revoked, room not deleted),
 * and the new account joins that room; closed: nobody (admins create accounts with the CLI). With no
 * account at all registration is open whatever the setting, so a new instance always gets its
 * first admin. A code given in open mode must be live too: a dead invite is reported, not ignored.
 */
export function createRegistrationGate({ store, clock, mode, join, onJoinError }: RegistrationGateDeps): RegistrationGate {
  return {
    async admit(inviteCode) {
      const setting = mode();
      const roomId = inviteCode === undefined ? undefined : await store.registration.findInviteRoom(sha256Hex(inviteCode), clock());
      const firstAccount = setting !== 'open' && !(await store.registration.hasAnyUser());
      if (!firstAccount && setting === 'closed') {
        throw new DomainError('registration_closed', 'Registration is closed on this server; ask an admin for an account');
      }
      if (!firstAccount && setting === 'invite-only' && inviteCode === undefined) {
        throw new DomainError('invite_required', 'Registration on this server needs an invite code from a room');
      }
      if (inviteCode !== undefined && roomId === undefined) {
        throw new DomainError('invite_required', 'That invite code is unknown, expired or revoked; ask for a new one');
      }
      if (roomId === undefined || inviteCode === undefined) return undefined;
      return (user) => join(user, roomId, inviteCode).catch((err: unknown) => onJoinError(err, roomId));
    },
  };
}
