import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  // One row per banned user; it outlives their membership, so a ban holds even after they left.
  await db.schema
    .createTable('room_bans')
    .addColumn('room_id', 'varchar(36)', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('banned_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_bans_pk', ['room_id', 'user_id'])
    .execute();

  // Invites were addressed by their code's hash alone; listing and revoking need a name that is not
  // the secret. SQLite cannot add a NOT NULL column without a default, so existing rows get their id
  // here and the unique index does the rest (repositories always write one).
  await db.schema.alterTable('room_invites').addColumn('id', 'varchar(36)').execute();
  const rows = (await db.selectFrom('room_invites').select('code_hash').execute()) as Array<{ code_hash: string }>;
  for (const row of rows) {
    await db.updateTable('room_invites').set({ id: randomUUID() }).where('code_hash', '=', row.code_hash).execute();
  }
  await db.schema.createIndex('room_invites_id_uq').on('room_invites').column('id').unique().execute();
  // The owner's list of a room's live invites.
  await db.schema.createIndex('room_invites_room_expires_idx').on('room_invites').columns(['room_id', 'expires_at']).execute();
}
