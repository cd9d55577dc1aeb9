import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_create_core_tables.js';
import * as m0002 from './0002_add_attachments.js';
import * as m0003 from './0003_add_read_markers_and_status.js';
import * as m0004 from './0004_add_sessions.js';
import * as m0005 from './0005_add_room_bans_and_invite_ids.js';
import * as m0006 from './0006_add_audit_log.js';
import * as m0007 from './0007_add_access_tokens.js';
import * as m0008 from './0008_add_message_search.js';
import * as m0009 from './0009_add_message_features.js';
import * as m0010 from './0010_add_direct_rooms.js';
import * as m0011 from './0011_add_webhooks.js';
import * as m0012 from './0012_add_message_edit_deleted.js';
import * as m0013 from './0013_add_user_admin_state.js';
import * as m0014 from './0014_add_instance_settings_and_samples.js';

/** Every migration, listed by hand so the built server finds them without scanning folders. */
export const migrations: Record<string, Migration> = {
  '0001_create_core_tables': m0001,
  '0002_add_attachments': m0002,
  '0003_add_read_markers_and_status': m0003,
  '0004_add_sessions': m0004,
  '0005_add_room_bans_and_invite_ids': m0005,
  '0006_add_audit_log': m0006,
  '0007_add_access_tokens': m0007,
  '0008_add_message_search': m0008,
  '0009_add_message_features': m0009,
  '0010_add_direct_rooms': m0010,
  '0011_add_webhooks': m0011,
  '0012_add_message_edit_deleted': m0012,
  '0013_add_user_admin_state': m0013,
  '0014_add_instance_settings_and_samples': m0014,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
