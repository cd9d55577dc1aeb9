import type { Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// Instance administration of users (issue #10): disabling, forced password changes, reset links,
// the admin user search, and the sweep that closes sockets of sessions revoked outside a server.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('password_change_required', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // The display name folded as the username_key is (NFC, lower case) by the application, because
  // lower() folds differently on SQLite (ASCII only), PostgreSQL (locale) and MySQL (collation).
  await db.schema.alterTable('users').addColumn('display_name_key', 'varchar(256)', (c) => c.notNull().defaultTo('')).execute();
  const users = await db.selectFrom('users').select(['id', 'display_name']).execute();
  for (const u of users as Array<{ id: string; display_name: string }>) {
    await db.updateTable('users').set({ display_name_key: u.display_name.normalize('NFC').toLowerCase() }).where('id', '=', u.id).execute();
  }
  // The admin list pages oldest account first by (created_at, id).
  await db.schema.createIndex('users_created_idx').on('users').columns(['created_at', 'id']).execute();

  // One-time password-reset links: only the SHA-256 of the token is kept.
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    // No foreign key: null for the command line, and the admin may be deleted before the link expires.
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute();

  // The revocation sweep asks every few seconds for what was revoked since its last look.
  await db.schema.createIndex('sessions_revoked_idx').on('sessions').column('revoked_at').execute();
  await db.schema.createIndex('access_tokens_revoked_idx').on('access_tokens').column('revoked_at').execute();
}
