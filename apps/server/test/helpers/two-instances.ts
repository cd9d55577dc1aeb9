import type { ConfigInput } from '../../src/config/schema.js';
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
