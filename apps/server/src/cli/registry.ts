import type { Command } from './command.js';

/**
 * Every command, loaded only when run so `parley --help` never opens a database driver.
 * Add a command: one file under commands/ exporting `command`, one line here.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  version: { summary: 'print the Parley version', load: async () => (await import('./commands/version.js')).command },
  doctor: { summary: 'check config, database, Redis, disk, data dir, secrets and clocks', load: async () => (await import('./commands/doctor.js')).command },
  migrate: { summary: 'run pending database migrations and exit', load: async () => (await import('./commands/migrate.js')).command },
  'migrate-data': { summary: 'copy all data to another database (SQLite ⇄ PostgreSQL), verified', load: async () => (await import('./commands/migrate-data.js')).command },
};
