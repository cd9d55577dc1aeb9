import { randomBytes } from 'node:crypto';
import { MemoryBus } from '../bus/memory-bus.js';
import { RedisBus } from '../bus/redis-bus.js';
import type { Bus } from '../bus/types.js';
import type { ParsedConfig } from '../config/schema.js';
import { createAccountService } from '../domain/accounts.js';
import { createAdminUserService } from '../domain/admin-users.js';
import { createAuditLog, type AuditLog } from '../domain/audit.js';
import { systemClock } from '../domain/clock.js';
import { DomainError } from '../domain/errors.js';
import { createPasswordPolicy } from '../domain/password-policy.js';
import { createPasswordResetService } from '../domain/password-resets.js';
import { createSessionService } from '../domain/sessions.js';
import { loadCommonPasswords } from '../lib/common-passwords.js';
import { createJwtSigner } from '../lib/jwt.js';
import { createArgon2Hasher } from '../lib/passwords.js';
import type { Store } from '../storage/types.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './command.js';
import { failureReason, loadCliConfig, redactUrl, withCliStore } from './context.js';

/** How long a command waits for Redis before going on without it (running servers' revocation sweep still acts). */
const REDIS_WAIT_MS = 3000;

/** The domain services the user commands call, wired as app.ts wires them, with the command line as actor (null). */
export interface CliServices {
  config: ParsedConfig;
  store: Store;
  audit: AuditLog;
  passwords: ReturnType<typeof createArgon2Hasher>;
  accounts: ReturnType<typeof createAccountService>;
  adminUsers: ReturnType<typeof createAdminUserService>;
  /** How running servers learn of ended sessions: over Redis at once, or by their own sweep. */
  revocationNote(): string;
}

/** The bus the running servers share when Redis is configured; in-process (reaching no one) otherwise. */
async function openBus(config: ParsedConfig, io: CliIo): Promise<{ bus: Bus; note: () => string }> {
  const sweep = 'running servers close their sockets within 5 s (their revocation sweep)';
  const onHandlerError = (err: unknown) => io.err(`parley: bus handler failed: ${failureReason(err)}\n`);
  if (!config.redisUrl) return { bus: new MemoryBus(onHandlerError), note: () => sweep };
  let redisError: unknown;
  const bus = new RedisBus({
    url: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    onHandlerError,
    onRedisError: (err) => {
      redisError = err;
    },
  });
  const display = redactUrl(config.redisUrl);
  if (!(await bus.waitUntilReady(REDIS_WAIT_MS))) {
    io.err(`parley: warning: Redis at ${display} does not answer (${failureReason(redisError)}); ${sweep}\n`);
  }
  return { bus, note: () => (bus.isReady() && redisError === undefined ? `sockets on every instance closed through Redis at ${display}` : sweep) };
}

/**
 * Opens the store (migrating, as the server does at start), the bus, and the services; runs `fn`;
 * closes everything. A DomainError (`user_not_found`, `last_admin`, a refused password…) becomes a
 * one-line CliError with the domain's own message.
 */
export async function withCliServices<T>(io: CliIo, fn: (services: CliServices) => Promise<T>): Promise<T> {
  const config = loadCliConfig(io);
  return withCliStore(config, { migrate: true }, async ({ store }) => {
    const { bus, note } = await openBus(config, io);
    try {
      const clock = systemClock;
      const audit = createAuditLog({ store, clock, onError: (err, action) => io.err(`parley: warning: could not write the audit entry ${action}: ${failureReason(err)}\n`) });
      const sessions = createSessionService({ store, bus, clock, audit });
      const passwords = createArgon2Hasher();
      const passwordPolicy = createPasswordPolicy(loadCommonPasswords());
      // register() signs an access token nobody receives (its session is ended at once): a throwaway key, not the server's secret.
      const tokens = createJwtSigner({ secret: randomBytes(48).toString('base64url'), ttlSeconds: 60, issuer: 'parley', now: clock });
      const refreshTokenTtlMs = config.auth.refreshTokenTtlDays * 86_400_000;
      const accounts = createAccountService({ store, passwords, tokens, clock, refreshTokenTtlMs, sessions, passwordPolicy, audit });
      const resets = createPasswordResetService({ store, clock, passwords, passwordPolicy, sessions, audit });
      const adminUsers = createAdminUserService({ store, bus, clock, audit, resets, isOnline: () => false });
      return await fn({ config, store, audit, passwords, accounts, adminUsers, revocationNote: note });
    } catch (err) {
      if (err instanceof DomainError) throw new CliError(err.message);
      throw err;
    } finally {
      await bus.close();
    }
  });
}
