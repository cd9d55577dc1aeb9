import type { Kysely } from 'kysely';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  // Personal access tokens: only the SHA-256 of the secret is kept; revoked rows stay for the audit trail.
  await db.schema
    .createTable('access_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    // Comma-separated scope names ("read,write"): two fixed values, no join table needed.
    .addColumn('scopes', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('access_tokens_user_idx').on('access_tokens').columns(['user_id', 'created_at']).execute();
}
