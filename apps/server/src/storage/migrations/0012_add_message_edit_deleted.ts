import type { Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// A deletion stores the body it removed in message_edits too (moderation keeps what was said); this
// flag tells that entry apart from an edit, which the edited_at times alone cannot do reliably.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('message_edits')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
