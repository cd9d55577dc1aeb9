import { afterEach, describe, expect, it } from 'vitest';
import { registerUser } from './helpers/api.js';
import { cliWorkspace } from './helpers/cli.js';
import { deleteKeys, adminClient, redisAvailable, REDIS_URL, uniquePrefix } from './helpers/redis.js';
import { startServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';
import { DIALECTS } from './helpers/dialects.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

describe.skipIf(!redisAvailable)('parley user disable with Redis', () => {
  it('publishes the revocation on the Redis bus, so every instance closes the sockets', async () => {
    const db = await DIALECTS[0]!.create(); // SQLite: the bus is what this test is about
    cleanups.push(() => db.drop());
    const prefix = uniquePrefix();
    const redis = adminClient();
    cleanups.push(async () => {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    });
    const first = await startServer({ databaseUrl: db.url, redisUrl: REDIS_URL, redisKeyPrefix: prefix });
    cleanups.push(() => first.close());
    const second = await startServer({ databaseUrl: db.url, redisUrl: REDIS_URL, redisKeyPrefix: prefix });
    cleanups.push(() => second.close());
    await registerUser(first.url, 'admin');
    const frank = await registerUser(first.url, 'frank');
    const onFirst = await connect(first.wsUrl, frank.accessToken);
    const onSecond = await connect(second.wsUrl, frank.accessToken);
    const cli = cliWorkspace(db.url);
    cleanups.push(() => cli.remove());
    const { code, stdout } = await cli.run(['user', 'disable', frank.user.username], { PARLEY_REDIS_URL: REDIS_URL, PARLEY_REDIS_KEY_PREFIX: prefix });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^disabled ${frank.user.username}: 1 session ended, 0 access tokens revoked; sockets on every instance closed through Redis at redis://`));
    expect(await onFirst.closed).toBe(4401);
    expect(await onSecond.closed).toBe(4401);
  });

  it('goes on without an unreachable Redis, saying the running servers sweep instead', async () => {
    const db = await DIALECTS[0]!.create();
    cleanups.push(() => db.drop());
    const server = await startServer({ databaseUrl: db.url });
    cleanups.push(() => server.close());
    await registerUser(server.url, 'admin');
    const gina = await registerUser(server.url, 'gina');
    const cli = cliWorkspace(db.url);
    cleanups.push(() => cli.remove());
    const { code, stdout, stderr } = await cli.run(['user', 'disable', gina.user.username], { PARLEY_REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^parley: warning: Redis at redis:\/\/127\.0\.0\.1:1 does not answer \(.*ECONNREFUSED.*\); running servers close their sockets within 5 s/);
    expect(stdout).toMatch(/revocation sweep\)\.\n$/);
  }, 15_000);
});
