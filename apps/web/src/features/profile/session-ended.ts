import { onceNote } from '../../lib/once-note';

/** Set when the server ended this tab's session (revoked elsewhere, password changed, expired), read once by the sign-in page. */
const sessionEnded = onceNote('parley.sessionEnded');

/** Remembers, for the sign-in page, that the session was ended rather than signed out here. */
export const noteSessionEnded = sessionEnded.note;

/** True once after noteSessionEnded(); clears the note. */
export const takeSessionEndedNotice = sessionEnded.take;
