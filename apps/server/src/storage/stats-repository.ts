import { stat } from 'node:fs/promises';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DialectName } from './dialect.js';
import type { StatsRepository } from './instance-types.js';
import type { Database } from './schema.js';

/** The engines this module branches on; 'mysql' is listed so the branch exists whatever DialectName holds. */
type Engine = DialectName | 'mysql';

/** Kinds a person (or a bot) wrote; system notices and changes to earlier messages are not traffic. */
const WRITTEN_KINDS = ['text', 'image', 'file'] as const;

/**
 * `column / bucketMs` as an integer. SQLite and PostgreSQL divide integers (bigint) exactly that
 * way; MySQL's `/` gives a decimal, so it needs DIV. The divisor is a literal so every engine sees
 * an integer type, never an untyped parameter.
 */
function bucketOf(engine: Engine, column: string, bucketMs: number): RawBuilder<number | string> {
  if (!Number.isSafeInteger(bucketMs) || bucketMs <= 0) throw new Error(`bucket size must be a positive integer, got ${bucketMs}`);
  const op = engine === 'mysql' ? sql.raw('div') : sql.raw('/');
  return sql<number | string>`${sql.ref(column)} ${op} ${sql.lit(bucketMs)}`;
}

function toSeries(rows: ReadonlyArray<{ bucket: number | string; value: number | string | bigint | null }>): Map<number, number> {
  return new Map(rows.map((r) => [Number(r.bucket), Number(r.value ?? 0)]));
}

/** PRAGMA page_count × page_size, plus the WAL file (pages not yet checkpointed live there). */
async function sqliteBytes(db: Kysely<Database>): Promise<number> {
  const one = async <T>(query: RawBuilder<T>) => (await query.execute(db)).rows[0];
  const pages = await one(sql<{ page_count: number }>`pragma page_count`);
  const size = await one(sql<{ page_size: number }>`pragma page_size`);
  const main = (await sql<{ name: string; file: string }>`pragma database_list`.execute(db)).rows.find((r) => r.name === 'main');
  const wal = main?.file ? await stat(`${main.file}-wal`).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined; // checkpointed and removed, or never written
    throw err;
  }) : undefined;
  return Number(pages?.page_count ?? 0) * Number(size?.page_size ?? 0) + (wal?.size ?? 0);
}

async function databaseBytes(db: Kysely<Database>, engine: Engine): Promise<number> {
  if (engine === 'sqlite') return sqliteBytes(db);
  const query =
    engine === 'mysql'
      ? sql<{ n: number | string | null }>`select coalesce(sum(data_length + index_length), 0) as n from information_schema.tables where table_schema = database()`
      : sql<{ n: number | string | null }>`select pg_database_size(current_database()) as n`;
  return Number((await query.execute(db)).rows[0]?.n ?? 0);
}

/** The per-bucket message count; exported so a test can read its plan. */
export function messagesPerBucketQuery(db: Kysely<Database>, engine: Engine, from: number, to: number, bucketMs: number) {
  const bucket = bucketOf(engine, 'created_at', bucketMs);
  return (
    db
      .selectFrom('messages')
      .select((e) => [bucket.as('bucket'), e.fn.countAll<number | string>().as('value')])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      // Spelled out so SQLite sees the predicate of the partial index messages_search_order_idx
      // (0008) and ranges over it; PostgreSQL infers it, MySQL's copy of that index is not partial.
      .where('kind', '<>', 'system')
      .where('kind', 'in', WRITTEN_KINDS)
      .groupBy(bucket)
  );
}

export function createStatsRepository(db: Kysely<Database>, engine: Engine): StatsRepository {
  return {
    async totals() {
      const row = await db
        .selectNoFrom((eb) => [
          eb.selectFrom('users').select((e) => e.fn.countAll<number | string>().as('n')).as('users'),
          eb.selectFrom('rooms').select((e) => e.fn.countAll<number | string>().as('n')).where('kind', '=', 'room').where('deleted_at', 'is', null).as('rooms'),
          eb.selectFrom('messages').select((e) => e.fn.countAll<number | string>().as('n')).where('kind', 'in', WRITTEN_KINDS).as('messages'),
        ])
        .executeTakeFirstOrThrow();
      return { users: Number(row.users ?? 0), rooms: Number(row.rooms ?? 0), messages: Number(row.messages ?? 0) };
    },

    async messagesPerBucket(from, to, bucketMs) {
      return toSeries(await messagesPerBucketQuery(db, engine, from, to, bucketMs).execute());
    },

    async insertSample(sample) {
      await db
        .insertInto('stats_samples')
        .values({ at: sample.at, instance_id: sample.instanceId, sockets: sample.sockets, online_users: sample.onlineUsers })
        .execute();
    },

    async deleteSamplesBefore(before) {
      const result = await db.deleteFrom('stats_samples').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async onlineUsersPerBucket(from, to, bucketMs) {
      const bucket = bucketOf(engine, 'at', bucketMs);
      const rows = await db
        .selectFrom('stats_samples')
        .select((e) => [bucket.as('bucket'), e.fn.max('online_users').as('value')])
        .where('at', '>=', from)
        .where('at', '<', to)
        .groupBy(bucket)
        .execute();
      return toSeries(rows);
    },

    databaseBytes: () => databaseBytes(db, engine),
  };
}
