import type { AdminUser } from '@parley/protocol';
import { temporaryPassword } from '../../domain/password-resets.js';
import { ExitCode, UsageError } from '../cli-error.js';
import { noMorePositionals, requirePositional, type CliIo, type Command } from '../command.js';
import { withCliServices, type CliServices } from '../services.js';
import { parseUsername } from '../user-arg.js';

async function readPassword(io: CliIo): Promise<string> {
  if (!io.readStdinLine) throw new UsageError('--password-stdin needs a password on standard input');
  const password = await io.readStdinLine();
  if (password === '') throw new UsageError('--password-stdin read an empty line; pipe the password in, e.g. `printf %s "$PW" | parley admin create alice --password-stdin`');
  return password;
}

/** An account that exists already: made admin (audited), its password left alone. */
async function promote(services: CliServices, io: CliIo, user: AdminUser, passwordGiven: boolean): Promise<void> {
  if (passwordGiven) io.err(`parley: note: ${user.username} exists; the password on standard input was not used (see \`parley user reset-password\`)\n`);
  if (user.isAdmin) {
    io.out(`${user.username} is already an instance admin; nothing changed.\n`);
  } else {
    await services.adminUsers.setAdmin(null, user.id, true);
    await services.audit.record({ action: 'admin.created', actorId: null, targetUserId: user.id, details: { via: 'cli', account: 'existing' } });
    io.out(`${user.username} (an existing account) is now an instance admin.\n`);
  }
  if (user.disabled) io.out(`${user.username} is disabled and cannot sign in until \`parley user enable ${user.username}\`.\n`);
}

/** A new account under registration's own rules (password policy, unique name), then made admin. */
async function create(services: CliServices, io: CliIo, username: string, given: string | undefined): Promise<void> {
  const password = given ?? temporaryPassword();
  const session = await services.accounts.register({ username, password });
  const userId = session.user.id;
  const now = Date.now();
  // register() opens a session for the new account's client; there is none here, so it ends at once.
  await services.store.sessions.revoke(userId, 'all', null, now);
  // A password printed on a terminal is a temporary one: its owner chooses their own at first sign-in.
  if (given === undefined) await services.store.adminUsers.setPassword(userId, await services.passwords.hash(password), true, now);
  // A no-op (and no audit entry) when register() made it the first admin.
  await services.adminUsers.setAdmin(null, userId, true);
  await services.audit.record({ action: 'admin.created', actorId: null, targetUserId: userId, details: { via: 'cli', account: 'new' } });
  io.out(`Created ${session.user.username} as an instance admin.\n`);
  if (given === undefined) {
    io.out(`Password (shown once; ${session.user.username} must choose a new one at first sign-in):\n${password}\n`);
  }
}

/** `parley admin create <username>`: makes an instance admin, creating the account if needed. */
export const command: Command = {
  name: 'admin create',
  summary: 'make a user instance admin, creating the account if needed',
  help: `Usage: parley admin create <username> [--password-stdin]

Makes <username> an instance admin. An existing account is promoted (its password is not
touched). A missing one is created under the same rules as sign-up (username characters and
Unicode normalisation, password policy), with the password read from standard input, or a
generated strong one printed once that must be changed at first sign-in. Works whatever the
registration mode is. Audited as admin.created (via cli).

Arguments:
  <username>         2-32 letters, digits, "_", "." or "-"

Options:
  --password-stdin   read the new account's password from the first line of standard input

Examples:
  npx parley admin create alice
  printf '%s\\n' "$ADMIN_PASSWORD" | npx parley admin create alice --password-stdin
`,
  options: { 'password-stdin': { type: 'boolean' } },
  async run(args, io) {
    noMorePositionals(args, 1);
    const username = parseUsername(requirePositional(args, 0, 'username'));
    const fromStdin = args.values['password-stdin'] === true;
    await withCliServices(io, async (services) => {
      const existing = await services.adminUsers.findByUsername(username);
      if (existing) return promote(services, io, existing, fromStdin);
      return create(services, io, username, fromStdin ? await readPassword(io) : undefined);
    });
    return ExitCode.ok;
  },
};
