import { sql, type Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  // One row per refresh-token family (id = family_id = the JWT's sid): what a user sees in their
  // session list, and what authenticate checks so a revoked session's access tokens stop at once.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('user_agent', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('revoked_at', 'bigint')
    .execute();
  // Listing and "log out everywhere" look sessions up by user.
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  // Families signed in before this migration keep working: one session per family that still has a
  // live token, dated from the family's first token (login) to its newest (last refresh).
  await sql`
    insert into sessions (id, user_id, created_at, last_used_at, expires_at, user_agent, ip, revoked_at)
    select family_id, min(user_id), min(created_at), max(created_at), max(expires_at), '', '', null
    from refresh_tokens
    group by family_id
    having sum(case when revoked_at is null then 1 else 0 end) > 0
  `.execute(db);
}
