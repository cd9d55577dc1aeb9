/** Set after a reset link was spent, read once by the sign-in page to say the new password works now. */
const KEY = 'parley.passwordResetDone';

export function noteResetDone(): void {
  try {
    sessionStorage.setItem(KEY, '1');
  } catch {
    // Storage disabled: the sign-in page simply shows no notice.
  }
}

/** True once after noteResetDone(); clears the note. */
export function takeResetDoneNotice(): boolean {
  try {
    const noted = sessionStorage.getItem(KEY) !== null;
    sessionStorage.removeItem(KEY);
    return noted;
  } catch {
    return false;
  }
}
