import { describe, expect, it } from 'vitest';
import { localPasswordProblem, passwordFormProblems, weakPasswordProblem } from './password-rules';

describe('password rules', () => {
  it('counts code points, so eight emoji are long enough and seven are not', () => {
    expect(localPasswordProblem('😀'.repeat(8), 'ann')).toBeUndefined();
    expect(localPasswordProblem('😀'.repeat(7), 'ann')).toBe('tooShort');
  });

  it('refuses more than 256 code points and the username in any case', () => {
    expect(localPasswordProblem('x'.repeat(257), 'ann')).toBe('tooLong');
    expect(localPasswordProblem('Grace_Hopper', 'grace_hopper')).toBe('username');
  });

  it('explains a server refusal it cannot see locally as a common password', () => {
    expect(weakPasswordProblem('password1', 'ann')).toBe('common');
    expect(weakPasswordProblem('short', 'ann')).toBe('tooShort');
  });

  it('names each field of a password form that is wrong, as translation keys', () => {
    expect(passwordFormProblems({ current: '', next: 'short', confirm: '' }, 'ann', true)).toEqual({
      current: 'password.currentRequired',
      next: 'password.weak.tooShort',
    });
    expect(passwordFormProblems({ current: '', next: 'a long passphrase', confirm: 'a long passphrasE' }, 'ann', false)).toEqual({
      confirm: 'password.mismatch',
    });
    expect(passwordFormProblems({ current: 'old one', next: 'a long passphrase', confirm: 'a long passphrase' }, 'ann', true)).toEqual({});
  });
});
