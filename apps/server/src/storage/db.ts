import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Kysely, Migrator, type LogEvent } from 'kysely';
import { createAttachmentRepository } from './attachment-repository.js';
import { createAdminRoomRepository } from './admin-room-repository.js';
import { createAdminUserRepository } from './admin-user-repository.js';
import { createPasswordResetRepository } from './password-reset-repository.js';
import { createAuditRepository } from './audit-repository.js';
import { createBanRepository } from './ban-repository.js';
import { analyze, createDialect, databaseTime, databaseVersion, ping, type DialectName } from './dialect.js';
import { createDirectRoomRepository } from './direct-room-repository.js';
import { createInviteRepository } from './invite-repository.js';
import { createMemberRepository } from './member-repository.js';
import { createMentionRepository } from './mention-repository.js';
import { createMessageRepository } from './message-repository.js';
import { createMessageChangeRepository } from './message-change-repository.js';
import { createReactionRepository } from './reaction-repository.js';
import { createReplyRepository } from './reply-previews.js';
import { hotQueries } from './hot-queries.js';
import { migrationProvider } from './migrations/index.js';
import { checkMysqlServer } from './mysql-dialect.js';
import { createRoomRepository } from './room-repository.js';
import { createSearchRepository } from './search-repository.js';
import { translatingDialect } from './translating-dialect.js';
import type { Database } from './schema.js';
import { createSessionRepository } from './session-repository.js';
import { createAccessTokenRepository } from './access-token-repository.js';
import { createRefreshTokenRepository } from './token-repository.js';
import type { Store } from './types.js';
import { createUserRepository } from './user-repository.js';
import { createWebhookRepository } from './webhook-repository.js';
import { createRegistrationRepository } from './registration-repository.js';
import { createSettingsRepository } from './settings-repository.js';
import { createStatsRepository } from './stats-repository.js';

export interface OpenStoreOptions {
  /** `sqlite:<file>`, `postgres://…` or `mysql://…` (`mariadb://…`); default SQLite at `<dataDir>/parley.db`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Called when an idle pooled connection dies (PostgreSQL restart, network loss); the pool reconnects. */
  onPoolError?: (err: Error) => void;
  /** Called after every query with its duration, for the query-duration histogram. */
  onQuery?: (durationMs: number, failed: boolean) => void;
  /** False: open without running pending migrations (the CLI checks and reports them first). Default true. */
  migrate?: boolean;
}

/** The database URL actually used, with a relative SQLite path resolved against the working directory. */
export function resolveDatabaseUrl({ databaseUrl, dataDir }: OpenStoreOptions): string {
  if (!databaseUrl) return `sqlite:${resolve(join(dataDir, 'parley.db'))}`;
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length);
    return `sqlite:${isAbsolute(file) ? file : resolve(file)}`;
  }
  return databaseUrl;
}

/** Send batches committing at once: SQLite has one writer; PostgreSQL and MariaDB run them side by side on their pools. */
const APPEND_BATCHES_IN_FLIGHT: Record<DialectName, number> = { sqlite: 1, postgres: 4, mysql: 4 };

function bindStore(db: Kysely<Database>, root: Kysely<Database>, dialect: DialectName): Store {
  return {
    users: createUserRepository(db),
    tokens: createRefreshTokenRepository(db),
    sessions: createSessionRepository(db),
    accessTokens: createAccessTokenRepository(db),
    webhooks: createWebhookRepository(db),
    rooms: createRoomRepository(db),
    directRooms: createDirectRoomRepository(db),
    members: createMemberRepository(db, hotQueries(root, dialect)),
    messages: createMessageRepository(db, hotQueries(root, dialect), APPEND_BATCHES_IN_FLIGHT[dialect]),
    reactions: createReactionRepository(db),
    messageChanges: createMessageChangeRepository(db),
    replies: createReplyRepository(db),
    mentions: createMentionRepository(db),
    invites: createInviteRepository(db),
    bans: createBanRepository(db),
    attachments: createAttachmentRepository(db),
    audit: createAuditRepository(db),
    search: createSearchRepository(db, dialect),
    settings: createSettingsRepository(db, dialect),
    stats: createStatsRepository(db, dialect),
    registration: createRegistrationRepository(db),
    adminUsers: createAdminUserRepository(db),
    adminRooms: createAdminRoomRepository(db),
    passwordResets: createPasswordResetRepository(db),
    transaction: (fn) =>
      db.isTransaction ? fn(bindStore(db, root, dialect)) : db.transaction().execute((trx) => fn(bindStore(trx, root, dialect))),
    ping: () => ping(root),
    analyze: () => analyze(root, dialect),
    close: () => root.destroy(),
  };
}

/** What `parley doctor` reports about a database, read without changing anything. */
export interface DatabaseFacts {
  dialect: DialectName;
  version: string;
  /** The database server's clock, epoch millis, for the skew check... */
  nowMs: number;
  /** ...and this host's clock at the middle of that round trip. */
  localMs: number;
  /** Migrations this build has that the database has not run, oldest first. */
  pending: string[];
}

/** Connects, reads the facts doctor needs, and disconnects; never migrates. */
export async function inspectDatabase(options: OpenStoreOptions): Promise<DatabaseFacts> {
  const { name, dialect } = await createDialect(resolveDatabaseUrl(options), options.onPoolError);
  const db = new Kysely<Database>({ dialect });
  try {
    await ping(db);
    const pending = (await new Migrator({ db, provider: migrationProvider }).getMigrations()).filter((m) => m.executedAt === undefined);
    const version = await databaseVersion(db, name);
    const before = Date.now();
    const nowMs = await databaseTime(db, name);
    return { dialect: name, version, nowMs, localMs: (before + Date.now()) / 2, pending: pending.map((m) => m.name) };
  } finally {
    await db.destroy();
  }
}

/** Opens the database, runs pending migrations (unless `migrate: false`), and returns the repositories. */
export async function openStore(options: OpenStoreOptions): Promise<{ store: Store; dialect: DialectName }> {
  const url = resolveDatabaseUrl(options);
  if (url.startsWith('sqlite:')) mkdirSync(dirname(url.slice('sqlite:'.length)), { recursive: true });
  const { name, dialect } = await createDialect(url, options.onPoolError);
  const { onQuery } = options;
  const log = onQuery && ((event: LogEvent) => onQuery(event.queryDurationMillis, event.level === 'error'));
  const db = new Kysely<Database>({ dialect: translatingDialect(dialect), ...(log && { log }) });
  if (options.migrate === false) return { store: bindStore(db, db, name), dialect: name };
  try {
    if (name === 'mysql') await checkMysqlServer(db);
    const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { store: bindStore(db, db, name), dialect: name };
}
