import type { Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// Instance settings an admin saved (one row per key, a JSON value; a key without a row takes its
// default from the config), and the dashboard's samples of online users, one row per instance and
// sample (max over instances per 5-minute bucket). `instance_settings` (0006) already holds the
// first-admin claim, hence the separate table name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('instance_setting_values')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)')
    .execute();

  await db.schema
    .createTable('stats_samples')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('instance_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('sockets', 'integer', (c) => c.notNull())
    .addColumn('online_users', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_samples_pk', ['instance_id', 'at'])
    .execute();
  // The 24-hour series and the 31-day clean-up both range over `at` across instances.
  await db.schema.createIndex('stats_samples_at_idx').on('stats_samples').column('at').execute();
  // Messages per hour needs no index of its own: it ranges over messages_search_order_idx (0008,
  // created_at first), so the send path keeps its index count (storage/stats-repository.ts).
}
