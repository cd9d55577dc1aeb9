import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_create_core_tables.js';
import * as m0002 from './0002_add_attachments.js';
import * as m0003 from './0003_add_read_markers_and_status.js';

/** Every migration, listed by hand so the built server finds them without scanning folders. */
export const migrations: Record<string, Migration> = {
  '0001_create_core_tables': m0001,
  '0002_add_attachments': m0002,
  '0003_add_read_markers_and_status': m0003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
