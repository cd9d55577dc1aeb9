import type { Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  // No foreign keys: the log must outlive what it talks about (a room's rows, a user's account).
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('room_id', 'varchar(36)')
    .addColumn('target_user_id', 'varchar(36)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  // A room's log and the instance log are both read newest first by (at, id).
  await db.schema.createIndex('audit_log_room_at_idx').on('audit_log').columns(['room_id', 'at']).execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();

  // 0/1 because better-sqlite3 binds no booleans.
  await db.schema.alterTable('users').addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // One row. The first registration claims it with a conditional UPDATE; the row lock (PostgreSQL) or
  // the single writer (SQLite) lets exactly one of two concurrent first registrations win.
  await db.schema
    .createTable('instance_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('first_admin_id', 'varchar(36)')
    .execute();
  // On an instance that already has accounts, the oldest one is "the first account ever registered".
  const oldest = await db.selectFrom('users').select('id').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  const firstAdminId = (oldest as { id: string } | undefined)?.id ?? null;
  await db.insertInto('instance_settings').values({ id: 1, first_admin_id: firstAdminId }).execute();
  if (firstAdminId) await db.updateTable('users').set({ is_admin: 1 }).where('id', '=', firstAdminId).execute();
}
