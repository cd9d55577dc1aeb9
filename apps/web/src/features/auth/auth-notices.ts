import { onceNote } from '../../lib/once-note';

/** Set after a reset link was spent, read once by the sign-in page to say the new password works now. */
const resetDone = onceNote('parley.passwordResetDone');

export const noteResetDone = resetDone.note;

/** True once after noteResetDone(); clears the note. */
export const takeResetDoneNotice = resetDone.take;
