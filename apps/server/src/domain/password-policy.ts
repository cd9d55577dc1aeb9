import { DomainError } from './errors.js';

/** Bounds in code points, so an emoji or a CJK character counts once. NIST SP 800-63B: at least 8, allow long passphrases. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Decides whether a new password may be used; throws `weak_password` with the reason. */
export interface PasswordPolicy {
  check(password: string, username: string): void;
}

/**
 * Length in code points, not in the common list (case-insensitive), not the username. Applied to
 * new passwords only (register, change), never at login, so tightening it locks nobody out.
 */
export function createPasswordPolicy(commonPasswords: ReadonlySet<string>): PasswordPolicy {
  return {
    check(password, username) {
      const length = [...password].length;
      if (length < PASSWORD_MIN_LENGTH) {
        throw new DomainError('weak_password', `Password is too short: use at least ${PASSWORD_MIN_LENGTH} characters`);
      }
      if (length > PASSWORD_MAX_LENGTH) {
        throw new DomainError('weak_password', `Password is too long: use at most ${PASSWORD_MAX_LENGTH} characters`);
      }
      const folded = password.normalize('NFC').toLowerCase();
      if (folded === username.normalize('NFC').toLowerCase()) {
        throw new DomainError('weak_password', 'Password must not be your username');
      }
      if (commonPasswords.has(folded)) {
        throw new DomainError('weak_password', 'Password is too common: it is on a list of the most used passwords');
      }
    },
  };
}
