import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { withJwtSecret } from '../config/jwt-secret.js';
import { ConfigError, loadConfig } from '../config/load.js';
import { ENV_KEYS, type Config, type ParsedConfig } from '../config/schema.js';
import { openStore, resolveDatabaseUrl } from '../storage/db.js';
import type { DialectName } from '../storage/dialect.js';
import { StorageUnavailableError } from '../storage/errors.js';
import type { Store } from '../storage/types.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './command.js';
import { withTimeout } from './timeout.js';

/** How long a command waits for the database's first answer before saying it cannot reach it. */
const CONNECT_TIMEOUT_MS = 8000;

/**
 * The configuration exactly as the server loads it (defaults → config/config.yaml → PARLEY_* env),
 * with relative paths resolved against the command's working directory. A bad value is one
 * CliError line naming the key and its source; `jwtSecret: true` also completes the secret as the
 * server does (configured, else kept in the data dir, else generated there).
 */
export function loadCliConfig(io: CliIo): ParsedConfig;
export function loadCliConfig(io: CliIo, options: { jwtSecret: true }): Config;
export function loadCliConfig(io: CliIo, options: { jwtSecret?: boolean } = {}): ParsedConfig | Config {
  let config: ParsedConfig;
  try {
    config = loadConfig({ env: io.env, cwd: io.cwd });
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
  const resolved = { ...config, dataDir: resolve(io.cwd, config.dataDir), databaseUrl: resolveSqlitePath(config.databaseUrl, io.cwd) };
  return options.jwtSecret ? withJwtSecret(resolved) : resolved;
}

function resolveSqlitePath(url: string | undefined, cwd: string): string | undefined {
  if (!url?.startsWith('sqlite:')) return url;
  const file = url.slice('sqlite:'.length);
  return isAbsolute(file) ? url : `sqlite:${resolve(cwd, file)}`;
}

/** Where the settings came from, in words for `parley doctor`: the YAML file if present, and the PARLEY_* variables set. */
export function describeConfigSources(io: CliIo): string {
  const parts: string[] = [];
  const yaml = resolve(io.cwd, 'config/config.yaml');
  if (existsSync(yaml)) parts.push(yaml);
  const vars = Object.keys(ENV_KEYS).filter((name) => (io.env[name] ?? '') !== '');
  if (vars.length > 0) parts.push(`environment (${vars.join(', ')})`);
  return parts.length > 0 ? parts.join(' + ') : 'built-in defaults only';
}

/** The database URL this config uses, with any password replaced by `***`, for messages and logs. */
export function displayDatabaseUrl(config: Pick<ParsedConfig, 'databaseUrl' | 'dataDir'>): string {
  return redactUrl(resolveDatabaseUrl({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
}

/** A URL with its password (if any) replaced by `***`; anything unparsable comes back as is. */
export function redactUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * The reason a connection failed, in one line: the driver's own error under storage's "The database
 * is unavailable" wrapper, and the last attempt of Node's AggregateError (IPv6 then IPv4, no message).
 */
export function failureReason(err: unknown): string {
  if (err instanceof StorageUnavailableError) return failureReason(err.cause);
  if (err instanceof AggregateError && err.errors.length > 0) return failureReason(err.errors[err.errors.length - 1]);
  if (err instanceof Error) return (err.message || (err as NodeJS.ErrnoException).code || err.name).split('\n')[0]!;
  return String(err);
}

/** An open store for one command, with what it needs to report on it. */
export interface CliStore {
  store: Store;
  dialect: DialectName;
  /** The database URL in use, password redacted. */
  displayUrl: string;
}

export interface OpenCliStoreOptions {
  /** Run pending migrations first, as the server does at start (true), or leave the schema alone (false). */
  migrate: boolean;
}

/**
 * Opens the configured database for a command: first a bounded round trip, so an unreachable
 * database is one clear line (`cannot reach the database at <url>: <reason>`, exit 1) rather than a
 * hang or a driver stack; then, if asked, the migrations. Prefer withCliStore, which always closes.
 */
export async function openCliStore(config: ParsedConfig, { migrate }: OpenCliStoreOptions): Promise<CliStore> {
  const displayUrl = displayDatabaseUrl(config);
  const base = { databaseUrl: config.databaseUrl, dataDir: config.dataDir, onPoolError: () => undefined };
  let probe: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    probe = await openStore({ ...base, migrate: false });
    await withTimeout(probe.store.ping(), CONNECT_TIMEOUT_MS, 'the database');
  } catch (err) {
    await probe?.store.close().catch(() => undefined);
    throw new CliError(`cannot reach the database at ${displayUrl}: ${failureReason(err)}`);
  }
  if (!migrate) return { ...probe, displayUrl };
  await probe.store.close();
  try {
    const opened = await openStore({ ...base, migrate: true });
    return { ...opened, displayUrl };
  } catch (err) {
    throw new CliError(`could not bring the database at ${displayUrl} up to date: ${failureReason(err)}`);
  }
}

/** Runs `fn` with an open store and closes it afterwards, whether `fn` succeeds or throws. */
export async function withCliStore<T>(config: ParsedConfig, options: OpenCliStoreOptions, fn: (opened: CliStore) => Promise<T>): Promise<T> {
  const opened = await openCliStore(config, options);
  try {
    return await fn(opened);
  } finally {
    await opened.store.close();
  }
}
