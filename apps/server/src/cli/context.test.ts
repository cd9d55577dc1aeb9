import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, ExitCode } from './cli-error.js';
import type { CliIo } from './command.js';
import { describeConfigSources, failureReason, loadCliConfig, openCliStore, redactUrl, withCliStore } from './context.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function ioIn(env: Record<string, string> = {}): CliIo {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-cli-ctx-'));
  dirs.push(cwd);
  return { out: () => undefined, err: () => undefined, isTty: false, env, cwd };
}

describe('CLI context', () => {
  it('resolves the data dir and a relative SQLite path against the working directory', () => {
    const io = ioIn({ PARLEY_DATA_DIR: 'state', PARLEY_DATABASE_URL: 'sqlite:db/chat.db' });
    const config = loadCliConfig(io);
    expect(config.dataDir).toBe(join(io.cwd, 'state'));
    expect(config.databaseUrl).toBe(`sqlite:${join(io.cwd, 'db/chat.db')}`);
  });

  it('turns a bad setting into one line naming the key and its source', () => {
    const io = ioIn({ PARLEY_REDIS_URL: 'http://nope' });
    expect(() => loadCliConfig(io)).toThrow(new CliError('config: redisUrl must be a redis:// or rediss:// URL (from PARLEY_REDIS_URL)'));
  });

  it('names the YAML file and the variables the settings came from', () => {
    const io = ioIn({ PARLEY_PORT: '9000', PARLEY_LOG_LEVEL: 'warn', HOME: '/root' });
    expect(describeConfigSources(io)).toBe('environment (PARLEY_PORT, PARLEY_LOG_LEVEL)');
    mkdirSync(join(io.cwd, 'config'));
    writeFileSync(join(io.cwd, 'config/config.yaml'), 'port: 9001\n');
    expect(describeConfigSources(io)).toBe(`${join(io.cwd, 'config/config.yaml')} + environment (PARLEY_PORT, PARLEY_LOG_LEVEL)`);
    expect(describeConfigSources(ioIn())).toBe('built-in defaults only');
  });

  it('completes the JWT secret as the server does when asked', () => {
    const config = loadCliConfig(ioIn(), { jwtSecret: true });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('hides the password of a database URL', () => {
    expect(redactUrl('postgres://parley:s3cret@db.example.com:5432/parley')).toBe('postgres://parley:***@db.example.com:5432/parley');
    expect(redactUrl('postgres://db.example.com/parley')).toBe('postgres://db.example.com/parley');
    expect(redactUrl('sqlite:/var/lib/parley/parley.db')).toBe('sqlite:/var/lib/parley/parley.db');
  });

  it('reports an unreachable database in one line without its password, exit 1', async () => {
    const config = loadCliConfig(ioIn({ PARLEY_DATABASE_URL: 'postgres://parley:s3cret@127.0.0.1:1/parley' }));
    const failure = await openCliStore(config, { migrate: true }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).exitCode).toBe(ExitCode.failed);
    expect((failure as CliError).message).toMatch(/^cannot reach the database at postgres:\/\/parley:\*\*\*@127\.0\.0\.1:1\/parley: .*ECONNREFUSED/);
    expect((failure as CliError).message).not.toContain('s3cret');
  });

  it('opens, migrates and always closes the store', async () => {
    const config = loadCliConfig(ioIn());
    let store: { ping(): Promise<void> } | undefined;
    await expect(
      withCliStore(config, { migrate: true }, async (opened) => {
        store = opened.store;
        expect(opened.dialect).toBe('sqlite');
        expect(await opened.store.users.findByUsername('nobody')).toBeUndefined();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(store!.ping()).rejects.toThrow();
  });

  it('reads the reason of an AggregateError from its last attempt', () => {
    const err = new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], '');
    expect(failureReason(err)).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });
});
