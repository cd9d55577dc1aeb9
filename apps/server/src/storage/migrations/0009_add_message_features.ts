import type { Kysely } from 'kysely';
import { isMysql } from './dialect-of.js';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// What issue #9 adds to messages. Every change to a message is also a stored message of its own
// (kind 'update', or 'system' for pins) so it replays on resume; the columns and tables below hold
// the current state that history pages show.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('messages')
    // JSON facts fixed at send (reply target, mentions, webhook bot name); null for most messages.
    .addColumn('meta', 'text')
    .execute();
  await db.schema.alterTable('messages').addColumn('edited_at', 'bigint').execute();
  await db.schema.alterTable('messages').addColumn('deleted_at', 'bigint').execute();
  await db.schema.alterTable('messages').addColumn('pinned_at', 'bigint').execute();
  await db.schema.alterTable('messages').addColumn('pinned_by', 'varchar(36)').execute();
  const pinned = db.schema.createIndex('messages_pinned_idx').on('messages').columns(['room_id', 'pinned_at']);
  // MySQL has no partial indexes: there the index covers every message (added with ADR 0008).
  await (isMysql(db) ? pinned : pinned.where('pinned_at', 'is not', null)).execute();

  // Earlier bodies of edited messages, for owners and admins (moderation).
  await db.schema
    .createTable('message_edits')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('room_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('previous_body', 'text', (c) => c.notNull())
    .addColumn('editor_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('edited_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_edits_message_idx').on('message_edits').columns(['message_id', 'edited_at']).execute();

  await db.schema
    .createTable('message_reactions')
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('emoji', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('room_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_reactions_pk', ['message_id', 'emoji', 'user_id'])
    .execute();
  // "Frequently used" picker: a user's recent reactions.
  await db.schema.createIndex('message_reactions_user_idx').on('message_reactions').columns(['user_id', 'created_at']).execute();

  // Who a message mentions, by seq, so a member's mention count after their read marker is an index range.
  await db.schema
    .createTable('message_mentions')
    .addColumn('room_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('message_mentions_pk', ['user_id', 'room_id', 'seq'])
    .execute();
}
