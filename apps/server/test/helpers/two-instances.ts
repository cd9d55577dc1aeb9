import { afterAll, beforeAll } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import type { DialectUnderTest } from './dialects.js';
import { adminClient, deleteKeys, REDIS_URL, uniquePrefix } from './redis.js';
import { startServer, type TestServer } from './start-server.js';

/** Two servers sharing one database and one Redis key prefix, as several instances behind nginx. */
export interface TwoInstances {
  a: TestServer;
  b: TestServer;
  /** The Redis key and channel prefix only these two use. */
  prefix: string;
  /** Stops both servers and deletes their Redis keys; the database is the caller's to drop. */
  close(): Promise<void>;
}

export async function startTwoInstances(databaseUrl: string, overrides: Partial<ConfigInput> = {}): Promise<TwoInstances> {
  const prefix = uniquePrefix();
  const shared = { ...overrides, databaseUrl, redisUrl: REDIS_URL, redisKeyPrefix: prefix };
  // One after the other, so only one runs the migrations.
  const a = await startServer(shared);
  const b = await startServer(shared).catch(async (err: unknown) => {
    await a.close();
    throw err;
  });
  return {
    a,
    b,
    prefix,
    async close() {
      await a.close();
      await b.close();
      const redis = adminClient();
      await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
}

/** What `twoInstancesPerSuite` hands a suite: read `a`, `b` and `prefix` inside hooks and tests. */
export type SuiteInstances = Omit<TwoInstances, 'close'>;

/**
 * Starts two instances on a scratch database of `dialect` before the suite's tests and stops them,
 * deleting their Redis keys and the database, after them. Call it inside a `describe`.
 */
export function twoInstancesPerSuite(dialect: Pick<DialectUnderTest, 'create'>, overrides: Partial<ConfigInput> = {}): SuiteInstances {
  let db: Awaited<ReturnType<DialectUnderTest['create']>> | undefined;
  let both: TwoInstances | undefined;
  const started = (): TwoInstances => {
    if (!both) throw new Error('the two instances are not started yet: read them inside hooks and tests');
    return both;
  };
  beforeAll(async () => {
    db = await dialect.create();
    both = await startTwoInstances(db.url, overrides);
  });
  afterAll(async () => {
    await both?.close();
    await db?.drop();
  });
  return {
    get a() {
      return started().a;
    },
    get b() {
      return started().b;
    },
    get prefix() {
      return started().prefix;
    },
  };
}
