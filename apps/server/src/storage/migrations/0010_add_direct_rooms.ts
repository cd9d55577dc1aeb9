import type { Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// Direct messages are private rooms of kind 'direct'. `direct_key` (the member ids, sorted, joined
// by ',') finds the conversation a set of people already has; its unique index makes two people
// starting the same conversation at once end up in one room. NULLs are distinct in both dialects,
// so ordinary rooms and retired conversations (someone left) never collide.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rooms').addColumn('kind', 'varchar(16)', (c) => c.notNull().defaultTo('room')).execute();
  // SQLite cannot add a UNIQUE column, so the uniqueness is a separate index.
  await db.schema.alterTable('rooms').addColumn('direct_key', 'varchar(300)').execute();
  await db.schema.createIndex('rooms_direct_key_idx').on('rooms').column('direct_key').unique().execute();
}
