import { switchCommand } from './user-disable.js';

/** `parley user enable <username>`: see user-disable.ts. */
export const command = switchCommand(false);
