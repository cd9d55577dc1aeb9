/** The server's password policy, as far as the client can check it (the common-password list stays on the server). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Why a new password is refused; each has a `password.weak.<problem>` string. */
export type PasswordProblem = 'tooShort' | 'tooLong' | 'username' | 'common';

/** What the client can tell before asking the server: length in code points, and not the username. */
export function localPasswordProblem(password: string, username: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'tooLong';
  if (username && password.normalize('NFC').toLowerCase() === username.normalize('NFC').toLowerCase()) return 'username';
  return undefined;
}

/** The three fields of a password form: current (when asked for), new, and the new one again. */
export type PasswordField = 'current' | 'next' | 'confirm';

/**
 * What is wrong in a password form before anything is sent, as translation keys per field: a
 * missing current password, a new one the policy refuses, or a confirmation that differs.
 */
export function passwordFormProblems(values: Record<PasswordField, string>, username: string, needsCurrent: boolean): Partial<Record<PasswordField, string>> {
  const bad: Partial<Record<PasswordField, string>> = {};
  if (needsCurrent && !values.current) bad.current = 'password.currentRequired';
  const problem = localPasswordProblem(values.next, username);
  if (problem) bad.next = `password.weak.${problem}`;
  else if (values.confirm !== values.next) bad.confirm = 'password.mismatch';
  return bad;
}

/**
 * The reason behind a `weak_password` answer, in the user's language: the server's English message
 * is for logs and API users, and every reason but "too common" can be told again here.
 */
export function weakPasswordProblem(password: string, username: string): PasswordProblem {
  return localPasswordProblem(password, username) ?? 'common';
}
