import type { Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  // Server-side read markers follow a user across devices; 0/1 for muted because better-sqlite3 binds no booleans.
  await db.schema.alterTable('room_members').addColumn('last_read_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('room_members').addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('status_text', 'text', (c) => c.notNull().defaultTo('')).execute();
  // Existing members start caught up: after an upgrade, history from before read markers existed
  // is not "unread". A correlated subquery is the UPDATE … FROM that SQLite and PostgreSQL share.
  await db
    .updateTable('room_members')
    .set((eb) => ({
      last_read_seq: eb.selectFrom('rooms').select('rooms.last_seq').whereRef('rooms.id', '=', 'room_members.room_id'),
    }))
    .execute();
  // Unread counts read messages by (room_id, seq), which messages_room_seq_uq from 0001 already covers.
}
