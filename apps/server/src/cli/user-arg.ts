import { Username } from '@parley/protocol';
import type { AdminUser } from '@parley/protocol';
import { CliError, UsageError } from './cli-error.js';
import type { CliServices } from './services.js';

/** A username as registration takes it (NFC, the same character rules), or a usage error saying which rule. */
export function parseUsername(raw: string): string {
  const parsed = Username.safeParse(raw);
  if (!parsed.success) throw new UsageError(`username "${raw}" ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

/** The account named on the command line, or a one-line error (exit 1). */
export async function getUserByName(services: CliServices, username: string): Promise<AdminUser> {
  const user = await services.adminUsers.findByUsername(username);
  if (!user) throw new CliError(`no user named "${username}"`);
  return user;
}
