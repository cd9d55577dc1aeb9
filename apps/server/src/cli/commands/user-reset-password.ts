import { ExitCode, UsageError } from '../cli-error.js';
import { noMorePositionals, requirePositional, type Command } from '../command.js';
import { withCliServices } from '../services.js';
import { getUserByName, parseUsername } from '../user-arg.js';

/** `https://chat.example.com` or with a path prefix; the link's path is appended to it. */
function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--base-url "${raw}" is not a URL; give the address users open, e.g. https://chat.example.com`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new UsageError(`--base-url "${raw}" must be an http(s) address without query, fragment or credentials`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** `parley user reset-password <username>`: a temporary password, or a one-time link, shown once. */
export const command: Command = {
  name: 'user reset-password',
  summary: 'give a user a temporary password or a one-time reset link',
  help: `Usage: parley user reset-password <username> [--link [--base-url <url>]]

Resets the password of <username> and ends every session of theirs. By default prints a
temporary password once; the user signs in with it and must choose a new one at once. With
--link, prints a one-time link instead, valid for 1 hour, where the user chooses a new password;
a newer reset retires older links. Audited as admin.password_reset (via cli).

Arguments:
  <username>         the account to reset

Options:
  --link             print a one-time link instead of a temporary password
  --base-url <url>   the address users open (e.g. https://chat.example.com), to print the full link

Examples:
  npx parley user reset-password alice
  npx parley user reset-password alice --link --base-url https://chat.example.com
`,
  options: { link: { type: 'boolean' }, 'base-url': { type: 'string' } },
  async run(args, io) {
    noMorePositionals(args, 1);
    const username = parseUsername(requirePositional(args, 0, 'username'));
    const link = args.values.link === true;
    const rawBase = args.values['base-url'];
    if (typeof rawBase === 'string' && !link) throw new UsageError('--base-url goes with --link');
    const base = typeof rawBase === 'string' ? parseBaseUrl(rawBase) : undefined;
    await withCliServices(io, async (services) => {
      const user = await getUserByName(services, username);
      const answer = await services.adminUsers.resetPassword(null, user.id, link ? 'link' : 'temporary');
      if (answer.mode === 'temporary') {
        io.out(`Temporary password for ${user.username} (shown once; they must choose a new one at sign-in):\n${answer.temporaryPassword}\n`);
      } else {
        const expires = answer.expiresAt;
        io.out(`One-time reset link for ${user.username}, valid until ${expires} (1 hour), shown once:\n${base ? `${base}${answer.link}` : answer.link}\n`);
        if (!base) io.err('parley: note: put your Parley address in front of the path, or pass --base-url https://chat.example.com\n');
      }
      io.out(`Every session of ${user.username} has ended; ${services.revocationNote()}.\n`);
    });
    return ExitCode.ok;
  },
};
