import { SqliteAdapter, sql, type Kysely } from 'kysely';
import { isMysql } from './dialect-of.js';

// Frozen in time: never import app types here, never edit after merge; add a new migration instead.
// Only non-system messages are searchable; system messages (joined, left…) are generated text.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema state
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await upSqlite(db);
  else if (isMysql(db)) await upMysql(db);
  else await upPostgres(db);
}

/**
 * MariaDB's FULLTEXT has no parser for Chinese (no spaces to split on) and no substring match, so
 * search is a LIKE scan (storage/search-repository.ts); the only index is the newest-first order,
 * without the partial predicate MySQL has no syntax for. Added with the MySQL dialect (ADR 0008).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
async function upMysql(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('messages_search_order_idx').on('messages').columns(['created_at', 'room_id', 'seq']).execute();
}

/**
 * An FTS5 trigram index over message bodies, with external content (the text is stored once, in
 * messages). Triggers keep it in step with every writer, the precompiled per-send inserts included,
 * in the writer's own transaction. Trigram folds case for all of Unicode and matches any substring
 * of 3+ characters, which is what Chinese needs: there are no spaces to split words on.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql`create virtual table messages_fts using fts5(body, content='messages', content_rowid='rowid', tokenize='trigram')`.execute(db);
  await sql`create trigger messages_fts_ai after insert on messages when new.kind <> 'system' begin
    insert into messages_fts(rowid, body) values (new.rowid, new.body);
  end`.execute(db);
  await sql`create trigger messages_fts_ad after delete on messages when old.kind <> 'system' begin
    insert into messages_fts(messages_fts, rowid, body) values ('delete', old.rowid, old.body);
  end`.execute(db);
  await sql`create trigger messages_fts_au after update of body, kind on messages begin
    insert into messages_fts(messages_fts, rowid, body) select 'delete', old.rowid, old.body where old.kind <> 'system';
    insert into messages_fts(rowid, body) select new.rowid, new.body where new.kind <> 'system';
  end`.execute(db);
  await sql`insert into messages_fts(rowid, body) select rowid, body from messages where kind <> 'system'`.execute(db);
  // Newest first over every room, for terms so common that sorting all their hits costs more than
  // walking this backwards and stopping at the page size (storage/search-repository.ts chooses).
  await sql`create index messages_search_order_idx on messages (created_at, room_id, seq) where kind <> 'system'`.execute(db);
}

/**
 * pg_trgm's GIN index answers `body ILIKE '%q%'` for q of 3+ characters; it is a partial index with
 * the same predicate the search query repeats, so the planner can use it. Building it indexes the
 * existing rows; PostgreSQL maintains it for later writes.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index messages_body_trgm_idx on messages using gin (body gin_trgm_ops) where kind <> 'system'`.execute(db);
  // Newest first over every room: for a common term the planner walks this backwards and stops at the
  // page size instead of collecting and sorting every hit of the trigram index.
  await sql`create index messages_search_order_idx on messages (created_at, room_id, seq) where kind <> 'system'`.execute(db);
}
