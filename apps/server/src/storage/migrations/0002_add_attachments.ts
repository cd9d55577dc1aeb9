import type { Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('uploader_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(1024)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(255)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('thumb_sha256', 'varchar(64)')
    .addColumn('thumb_width', 'integer')
    .addColumn('thumb_height', 'integer')
    .addColumn('room_id', 'varchar(36)', (c) => c.references('rooms.id').onDelete('cascade'))
    .addColumn('message_id', 'varchar(36)', (c) => c.references('messages.id').onDelete('cascade'))
    .addColumn('position', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // Loading a page of messages fetches their attachments by message.
  await db.schema.createIndex('attachments_message_idx').on('attachments').columns(['message_id', 'position']).execute();
  // Deleting a room drops its attachments.
  await db.schema.createIndex('attachments_room_idx').on('attachments').column('room_id').execute();
  // Garbage collection of uploads never used in a message.
  await db.schema.createIndex('attachments_unused_idx').on('attachments').columns(['message_id', 'created_at']).execute();
  // Is a blob still referenced? (content-addressed storage is shared between attachments)
  await db.schema.createIndex('attachments_sha_idx').on('attachments').column('sha256').execute();
  await db.schema.createIndex('attachments_thumb_sha_idx').on('attachments').column('thumb_sha256').execute();

  await db.schema.alterTable('users').addColumn('avatar_small', 'varchar(64)').execute();
  await db.schema.alterTable('users').addColumn('avatar_large', 'varchar(64)').execute();
  await db.schema.createIndex('users_avatar_small_idx').on('users').column('avatar_small').execute();
  await db.schema.createIndex('users_avatar_large_idx').on('users').column('avatar_large').execute();
}
