/** Set when the server ended this tab's session (revoked elsewhere, password changed, expired), read once by the sign-in page. */
const KEY = 'parley.sessionEnded';

/** Remembers, for the sign-in page, that the session was ended rather than signed out here. */
export function noteSessionEnded(): void {
  try {
    sessionStorage.setItem(KEY, '1');
  } catch {
    // Storage disabled: the sign-in page simply shows no notice.
  }
}

/** True once after noteSessionEnded(); clears the note. */
export function takeSessionEndedNotice(): boolean {
  try {
    const noted = sessionStorage.getItem(KEY) !== null;
    sessionStorage.removeItem(KEY);
    return noted;
  } catch {
    return false;
  }
}
