import { ExitCode } from '../cli-error.js';
import { noMorePositionals, requirePositional, type Command } from '../command.js';
import { withCliServices, type CliServices } from '../services.js';
import { getUserByName, parseUsername } from '../user-arg.js';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the disabling ended, as the service recorded it in the audit entry it just wrote. */
async function endedCounts(services: CliServices, userId: string): Promise<string> {
  const [entry] = await services.store.audit.list({ action: 'admin.user_disabled', userId }, undefined, 1);
  const sessions = Number(entry?.details.sessionsEnded ?? 0);
  const tokens = Number(entry?.details.patsRevoked ?? 0);
  return `${count(sessions, 'session', 'sessions')} ended, ${count(tokens, 'access token', 'access tokens')} revoked`;
}

/** `parley user disable` and `parley user enable`: one file, as they are one switch. */
export function switchCommand(disable: boolean): Command {
  const verb = disable ? 'disable' : 'enable';
  return {
    name: `user ${verb}`,
    summary: disable ? 'disable a user: sign-in refused, sessions and tokens ended, sockets closed' : 'let a disabled user sign in again',
    help: disable
      ? `Usage: parley user disable <username>

Disables <username>: sign-in and token refresh are refused, every session and personal access
token ends, and their open sockets close: at once on every instance when Redis is configured
(the revocation is published on the Redis bus), else within 5 s by each running server's
revocation sweep. The last enabled instance admin cannot be disabled. Audited as
admin.user_disabled (via cli).

Arguments:
  <username>   the account to disable

Example:
  npx parley user disable alice
`
      : `Usage: parley user enable <username>

Lets a disabled <username> sign in again. Sessions and tokens ended by the disabling stay ended.
Audited as admin.user_enabled (via cli).

Arguments:
  <username>   the account to enable

Example:
  npx parley user enable alice
`,
    async run(args, io) {
      noMorePositionals(args, 1);
      const username = parseUsername(requirePositional(args, 0, 'username'));
      await withCliServices(io, async (services) => {
        const user = await getUserByName(services, username);
        if (user.disabled === disable) {
          io.out(`${user.username} is already ${disable ? 'disabled' : 'enabled'}; nothing changed.\n`);
          return;
        }
        await services.adminUsers.setDisabled(null, user.id, disable);
        if (disable) io.out(`disabled ${user.username}: ${await endedCounts(services, user.id)}; ${services.revocationNote()}.\n`);
        else io.out(`enabled ${user.username}: they can sign in again.\n`);
      });
      return ExitCode.ok;
    },
  };
}

export const command = switchCommand(true);
