import type { Command } from './command.js';

/**
 * Every command, loaded only when run so `parley --help` never opens a database driver.
 * Add a command: one file under commands/ exporting `command`, one line here.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  version: { summary: 'print the Parley version', load: async () => (await import('./commands/version.js')).command },
  backup: { summary: 'write a consistent online backup to a .tar.gz', load: async () => (await import('./commands/backup.js')).command },
  restore: { summary: 'restore a backup into an empty data dir / database', load: async () => (await import('./commands/restore.js')).command },
  doctor: { summary: 'check config, database, Redis, disk, data dir, secrets and clocks', load: async () => (await import('./commands/doctor.js')).command },
  migrate: { summary: 'run pending database migrations and exit', load: async () => (await import('./commands/migrate.js')).command },
  'admin create': { summary: 'make a user instance admin, creating the account if needed', load: async () => (await import('./commands/admin-create.js')).command },
  'user reset-password': { summary: 'give a user a temporary password or a one-time reset link', load: async () => (await import('./commands/user-reset-password.js')).command },
  'user disable': { summary: 'disable a user: sign-in refused, sessions ended, sockets closed', load: async () => (await import('./commands/user-disable.js')).command },
  'user enable': { summary: 'let a disabled user sign in again', load: async () => (await import('./commands/user-enable.js')).command },
  'migrate-data': { summary: 'copy all data to another database (SQLite ⇄ PostgreSQL ⇄ MySQL), verified', load: async () => (await import('./commands/migrate-data.js')).command },
};
