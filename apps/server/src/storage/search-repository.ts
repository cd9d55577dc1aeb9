import { sql, type Kysely, type RawBuilder } from 'kysely';
import { codePointLength } from '@parley/protocol';
import type { DialectName } from './dialect.js';
import type { Database } from './schema.js';
import type { SearchHit, SearchRepository } from './search-types.js';
import { parseMeta } from './message-rows.js';
import { senderRef } from './user-ref.js';

interface HitRow {
  id: string;
  room_id: string;
  room_name: string;
  seq: number | string;
  body: string;
  created_at: number | string;
  sender_id: string | null;
  username: string | null;
  display_name: string | null;
  avatar_small: string | null;
  avatar_large: string | null;
  meta: string | null;
}

/** The trigram index needs 3 characters; a 2-character query scans the user's own rooms instead. */
const TRIGRAM = 3;

/** `q` as a LIKE pattern that matches it literally anywhere: `\`, `%` and `_` lose their meaning. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `q` as one FTS5 phrase (a quoted string, quotes doubled), so no character is query syntax. */
export function ftsPhrase(q: string): string {
  return `"${q.replaceAll('"', '""')}"`;
}

/** CROSS JOIN keeps messages as the outer loop, so the index order is the result order and LIMIT stops the walk. */
const NEWEST_FIRST = sql`messages m indexed by messages_search_order_idx cross join room_members rm on rm.room_id = m.room_id`;

/** Hits beyond which a SQLite query walks messages newest first instead of sorting every hit. */
const COMMON_HITS = 500;

interface Plan {
  from: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
}

/**
 * FTS5 has no cost model the planner could weigh: a rare term is fastest as "all hits, then sort",
 * a common one as "newest messages first, keep the hits" (stopping at the page size). Counting up
 * to COMMON_HITS hits picks one; both give the same rows in the same order.
 */
async function sqliteTrigramPlan(db: Kysely<Database>, text: string): Promise<Plan> {
  const phrase = ftsPhrase(text);
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from (select rowid from messages_fts where messages_fts match ${phrase} limit ${COMMON_HITS})`.execute(db);
  const hits = sql`select rowid from messages_fts where messages_fts match ${phrase}`;
  if (Number(rows[0]?.n ?? 0) < COMMON_HITS) {
    return {
      from: sql`messages_fts f join messages m on m.rowid = f.rowid join room_members rm on rm.room_id = m.room_id`,
      where: sql`messages_fts match ${phrase}`,
    };
  }
  return { from: NEWEST_FIRST, where: sql`m.rowid in (${hits})` };
}

/** The tables and the text condition on `m.body`, for the dialect and the query length. */
async function planFor(db: Kysely<Database>, dialect: DialectName, text: string): Promise<Plan> {
  const messages = sql`room_members rm join messages m on m.room_id = rm.room_id`;
  if (dialect === 'mysql') {
    // No index answers a substring on MariaDB (FULLTEXT splits on spaces, which Chinese has none of):
    // a scan of the user's rooms for any query length. The columns are utf8mb4_bin, so lower() on both
    // sides folds case as ILIKE and the trigram index do, while é stays apart from e and one emoji
    // from another. LIKE's default escape character is the backslash containsPattern uses.
    return { from: messages, where: sql`lower(m.body) like lower(${containsPattern(text)})` };
  }
  if (dialect === 'postgres') {
    // ILIKE with the partial pg_trgm GIN index (0008) for 3+ characters; the kind predicate matches the
    // partial indexes', and the planner weighs them against the newest-first index itself.
    return { from: messages, where: sql`m.body ilike ${containsPattern(text)} escape '\\'` };
  }
  if (codePointLength(text) >= TRIGRAM) return sqliteTrigramPlan(db, text);
  // No index can answer 2 characters: walk the user's messages newest first until the page is full.
  return { from: NEWEST_FIRST, where: sql`m.body like ${containsPattern(text)} escape '\\'` };
}

function toHit(row: HitRow): SearchHit {
  return {
    messageId: row.id,
    roomId: row.room_id,
    roomName: row.room_name,
    seq: Number(row.seq),
    body: row.body,
    createdAt: Number(row.created_at),
    sender: senderRef(row),
    ...botOf(row.meta),
  };
}

/** A webhook message's bot, from the JSON facts stored at send. */
function botOf(meta: string | null): Pick<SearchHit, 'bot'> {
  const bot = parseMeta(meta)?.bot;
  return bot ? { bot } : {};
}

/** Search on the dialect's own index: FTS5 trigram on SQLite, pg_trgm on PostgreSQL, a scan on MariaDB. */
export function createSearchRepository(db: Kysely<Database>, dialect: DialectName): SearchRepository {
  return {
    async findMessages({ userId, text, roomId, before, limit }) {
      const { from, where } = await planFor(db, dialect, text);
      const inRoom = roomId === undefined ? sql`` : sql`and m.room_id = ${roomId}`;
      const older =
        before === undefined
          ? sql``
          : sql`and (m.created_at < ${before.createdAt} or (m.created_at = ${before.createdAt} and (m.room_id < ${before.roomId}
              or (m.room_id = ${before.roomId} and m.seq < ${before.seq}))))`;
      // Membership is the whole permission rule: a kick, ban or leave deletes the row, and with it the rooms searched.
      const { rows } = await sql<HitRow>`
        select m.id, m.room_id, r.name as room_name, m.seq, m.body, m.created_at, m.sender_id,
               u.username, u.display_name, u.avatar_small, u.avatar_large, m.meta
        from ${from}
        join rooms r on r.id = m.room_id
        left join users u on u.id = m.sender_id
        where ${where} and rm.user_id = ${userId} and r.deleted_at is null and m.kind <> 'system' ${inRoom} ${older}
        order by m.created_at desc, m.room_id desc, m.seq desc
        limit ${limit}`.execute(db);
      return rows.map(toHit);
    },
  };
}
