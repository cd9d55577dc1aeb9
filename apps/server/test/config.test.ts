import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  // A test that failed half-way must not leave a server running or a temp dir behind.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh working directory, optionally with a config/config.yaml in it. */
function workdir(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
  dirs.push(dir);
  if (yaml !== undefined) {
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'config.yaml'), yaml);
  }
  return dir;
}

const DEFAULTS = {
  host: '0.0.0.0',
  port: 8000,
  dataDir: './data',
  logLevel: 'info',
  allowedOrigins: [],
  redisKeyPrefix: 'parley:',
  presenceTtlSeconds: 30,
  auth: { accessTokenTtlSeconds: 900, refreshTokenTtlDays: 30 },
  uploads: { maxFileBytes: 25 * 1024 * 1024, maxImagePixels: 40_000_000, allowedTypes: ['*/*'], unusedTtlHours: 24 },
  instance: { name: 'Parley', defaultLanguage: 'en', registration: 'open' },
  ws: {
    maxPayloadBytes: 65_536,
    authTimeoutMs: 5000,
    pingIntervalMs: 25_000,
    replayLimit: 1000,
    sendRatePerSecond: 10,
    sendBurst: 30,
    presenceFlushMs: 250,
  },
  metrics: { enabled: true },
  security: { hsts: { enabled: false, maxAgeSeconds: 15_552_000, includeSubDomains: true } },
  trustProxy: false,
  rateLimits: {
    enabled: true,
    rest: { perUser: { max: 600, windowSeconds: 60 }, perIp: { max: 300, windowSeconds: 60 } },
    uploads: { max: 60, windowSeconds: 600 },
    webhooks: { max: 10, windowSeconds: 10 },
    login: { windowSeconds: 900, perIp: { free: 20, max: 100 }, perUsername: { free: 5, max: 20 } },
    register: { windowSeconds: 3600, perIp: { free: 10, max: 50 }, perUsername: { free: 5, max: 20 } },
    delay: { baseMs: 250, maxMs: 4000, maxWaiting: 1000 },
    socket: { userSendRatePerSecond: 20, userSendBurst: 60, userFrameRatePerSecond: 100, userFrameBurst: 300, floodCloseAfter: 2000 },
  },
};

/** The ConfigError loadConfig throws, so a test can assert its exact one-line message. */
function failure(env: Record<string, string>, yaml?: string): string {
  try {
    loadConfig({ env, cwd: workdir(yaml) });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted a bad config');
}

describe('loadConfig', () => {
  it('uses the built-in defaults when there is no file and no env', () => {
    expect(loadConfig({ env: {}, cwd: workdir() })).toEqual(DEFAULTS);
  });

  it('lets config/config.yaml override the defaults, key by key', () => {
    const yaml = ['port: 9001', 'allowedOrigins: [https://chat.example.com]', 'ws:', '  sendBurst: 5', ''].join('\n');
    expect(loadConfig({ env: {}, cwd: workdir(yaml) })).toEqual({
      ...DEFAULTS,
      port: 9001,
      allowedOrigins: ['https://chat.example.com'],
      ws: { ...DEFAULTS.ws, sendBurst: 5 },
    });
  });

  it('lets PARLEY_* env override the file, nested keys and lists included', () => {
    const yaml = ['port: 9001', 'host: 127.0.0.1', 'ws:', '  sendBurst: 5', '  replayLimit: 50', ''].join('\n');
    const env = {
      PARLEY_PORT: '9002',
      PARLEY_WS_SEND_BURST: '7',
      PARLEY_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      PARLEY_LOG_LEVEL: 'warn',
      UNRELATED: 'ignored',
    };
    expect(loadConfig({ env, cwd: workdir(yaml) })).toEqual({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 9002,
      logLevel: 'warn',
      allowedOrigins: ['https://a.example', 'https://b.example'],
      ws: { ...DEFAULTS.ws, sendBurst: 7, replayLimit: 50 },
    });
  });

  it('reads the instance settings defaults from PARLEY_INSTANCE_NAME, PARLEY_DEFAULT_LANGUAGE and PARLEY_REGISTRATION', () => {
    const env = { PARLEY_INSTANCE_NAME: '团队 Chat', PARLEY_DEFAULT_LANGUAGE: 'zh-CN', PARLEY_REGISTRATION: 'invite-only' };
    expect(loadConfig({ env, cwd: workdir() }).instance).toEqual({ name: '团队 Chat', defaultLanguage: 'zh-CN', registration: 'invite-only' });
  });

  it('refuses an unknown registration mode, naming the key and its source', () => {
    expect(() => loadConfig({ env: { PARLEY_REGISTRATION: 'sometimes' }, cwd: workdir() })).toThrow(/^config: instance\.registration .*\(from PARLEY_REGISTRATION\)$/);
  });

  it('lets a good env value replace a bad value in the file', () => {
    expect(loadConfig({ env: { PARLEY_PORT: '9003' }, cwd: workdir('port: not-a-port\n') }).port).toBe(9003);
  });

  it('accepts the shipped config/config.example.yaml as it is', () => {
    const example = readFileSync(fileURLToPath(new URL('../../../config/config.example.yaml', import.meta.url)), 'utf8');
    expect(loadConfig({ env: {}, cwd: workdir(example) })).toMatchObject({ port: 8000, dataDir: './data', allowedOrigins: [] });
  });

  it('reads PARLEY_METRICS_ENABLED as a boolean', () => {
    expect(loadConfig({ env: { PARLEY_METRICS_ENABLED: 'false' }, cwd: workdir() }).metrics).toEqual({ enabled: false });
    expect(loadConfig({ env: { PARLEY_METRICS_ENABLED: 'TRUE' }, cwd: workdir('metrics:\n  enabled: false\n') }).metrics).toEqual({ enabled: true });
    expect(failure({ PARLEY_METRICS_ENABLED: 'yes please' })).toMatch(/^config: metrics\.enabled .+ \(from PARLEY_METRICS_ENABLED\)$/);
  });

  it('reads PARLEY_REDIS_URL and leaves Redis off when it is absent', () => {
    expect(loadConfig({ env: {}, cwd: workdir() }).redisUrl).toBeUndefined();
    const config = loadConfig({ env: { PARLEY_REDIS_URL: 'rediss://:pw@cache.internal:6380/2', PARLEY_REDIS_KEY_PREFIX: 'chat1:' }, cwd: workdir() });
    expect(config).toMatchObject({ redisUrl: 'rediss://:pw@cache.internal:6380/2', redisKeyPrefix: 'chat1:' });
  });

  it('ignores empty env variables', () => {
    expect(loadConfig({ env: { PARLEY_PORT: '', PARLEY_HOST: '' }, cwd: workdir('port: 9004\n') })).toMatchObject({ port: 9004, host: '0.0.0.0' });
  });

  it.each([
    [{ PARLEY_PORT: 'abc' }, undefined, 'config: port must be a number (got a string) (from PARLEY_PORT)'],
    [{ PARLEY_PORT: 'abc' }, 'port: 9001\n', 'config: port must be a number (got a string) (from PARLEY_PORT)'],
    [{}, 'port: abc\n', 'config: port must be a number (got a string) (from config/config.yaml)'],
    [{}, 'ws:\n  sendBurst: lots\n', 'config: ws.sendBurst must be a number (got a string) (from config/config.yaml)'],
    [{ PARLEY_WS_SEND_BURST: 'lots' }, 'ws:\n  sendBurst: 5\n', 'config: ws.sendBurst must be a number (got a string) (from PARLEY_WS_SEND_BURST)'],
    [{ PARLEY_PORT: '-5' }, undefined, 'config: port must be at least 0 (from PARLEY_PORT)'],
    [{ PARLEY_PORT: '70000' }, undefined, 'config: port must be at most 65535 (from PARLEY_PORT)'],
    [{ PARLEY_WS_SEND_BURST: '1.5' }, undefined, 'config: ws.sendBurst must be a whole number (from PARLEY_WS_SEND_BURST)'],
    [{ PARLEY_JWT_SECRET: 'too-short' }, undefined, 'config: jwtSecret must be at least 32 characters (from PARLEY_JWT_SECRET)'],
    [{ PARLEY_DATABASE_URL: 'mongodb://db/parley' }, undefined, 'config: databaseUrl must start with sqlite:, postgres:// or mysql:// (from PARLEY_DATABASE_URL)'],
    [{ PARLEY_REDIS_URL: 'http://cache:6379' }, undefined, 'config: redisUrl must be a redis:// or rediss:// URL (from PARLEY_REDIS_URL)'],
    [{ PARLEY_REDIS_URL: 'not a url' }, undefined, 'config: redisUrl must be a redis:// or rediss:// URL (from PARLEY_REDIS_URL)'],
    [{}, 'redisUrl: "redis:"\n', 'config: redisUrl must be a redis:// or rediss:// URL (from config/config.yaml)'],
    [
      { PARLEY_ALLOWED_ORIGINS: 'javascript:alert(1)' },
      undefined,
      'config: allowedOrigins.0 must be a list of origins like https://chat.example.com (from PARLEY_ALLOWED_ORIGINS)',
    ],
    [
      { PARLEY_ALLOWED_ORIGINS: 'https://chat.example.com/app' },
      undefined,
      'config: allowedOrigins.0 must be a list of origins like https://chat.example.com (from PARLEY_ALLOWED_ORIGINS)',
    ],
    [
      { PARLEY_ALLOWED_ORIGINS: 'https://ok.example,not an origin' },
      undefined,
      'config: allowedOrigins.1 must be a list of origins like https://chat.example.com (from PARLEY_ALLOWED_ORIGINS)',
    ],
  ])('refuses %j with yaml %j in one line naming the key and its source', (env, yaml, message) => {
    expect(failure(env, yaml)).toBe(message);
  });

  it.each([
    [{ PARLEY_LOG_LEVEL: 'loud' }, undefined, /^config: logLevel .+ \(from PARLEY_LOG_LEVEL\)$/],
    [{ PARLEY_PORT: '70000' }, undefined, /^config: port .+ \(from PARLEY_PORT\)$/],
    [{ PARLEY_PORT: '80.5' }, undefined, /^config: port .+ \(from PARLEY_PORT\)$/],
    [{}, 'auth:\n  accessTokenTtlSeconds: 5\n', /^config: auth\.accessTokenTtlSeconds .+ \(from config\/config\.yaml\)$/],
  ])('refuses %j with yaml %j, naming the key and its source', (env, yaml, pattern) => {
    expect(failure(env, yaml)).toMatch(pattern);
  });

  it.each([
    ['a misspelt top-level key', 'prot: 8000\n', 'prot'],
    ['a misspelt nested key', 'ws:\n  sendBrust: 5\n', 'ws.sendBrust'],
    ['a misspelt auth key', 'auth:\n  accessTokenTTL: 60\n', 'auth.accessTokenTTL'],
  ])('refuses %s in the file, naming it and the file', (_what, yaml, key) => {
    expect(failure({}, yaml)).toBe(`config: ${key} is not a known setting (from config/config.yaml)`);
  });

  it('never echoes a rejected secret', () => {
    const message = failure({ PARLEY_JWT_SECRET: 'hunter2-hunter2' });
    expect(message).toBe('config: jwtSecret must be at least 32 characters (from PARLEY_JWT_SECRET)');
    expect(message).not.toContain('hunter2');
  });

  it.each([
    ['YAML that does not parse', 'port: [8000\n'],
    ['YAML that is a list, not a mapping', '- port\n- 8000\n'],
  ])('refuses %s in one line naming the file', (_what, yaml) => {
    const message = failure({}, yaml);
    expect(message).toMatch(/^config: config\/config\.yaml .+/);
    expect(message).not.toContain('\n');
  });
});

/** Runs the built server with only the given env (plus PATH); `exited` resolves once it is gone. */
function run(env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, [MAIN], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    // 'close', not 'exit': only then has all of stdout and stderr been read.
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, exited, output: () => stdout };
}

describe('the built server process', () => {
  it('exits 1 with a single stderr line naming PARLEY_PORT when it is not a number', async () => {
    expect(existsSync(MAIN), `${MAIN} is missing: npm run build -w @parley/protocol && npm run build -w @parley/server`).toBe(true);
    const dir = workdir();
    const result = await run({ PARLEY_PORT: 'abc', PARLEY_DATA_DIR: join(dir, 'data') }, dir).exited;
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'config: port must be a number (got a string) (from PARLEY_PORT)\n' });
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('exits 1 with a single stderr line naming the file when config/config.yaml is bad', async () => {
    const dir = workdir('ws:\n  sendBurst: lots\n');
    const result = await run({ PARLEY_DATA_DIR: join(dir, 'data') }, dir).exited;
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'config: ws.sendBurst must be a number (got a string) (from config/config.yaml)\n',
    });
  });

  it('starts with a generated secret and a built web client, serves both, and exits 0 on SIGTERM', async () => {
    const dir = workdir();
    const dataDir = join(dir, 'data');
    const webDir = join(dir, 'web');
    mkdirSync(webDir);
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Parley test shell</title>');
    const server = run({ PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, PARLEY_WEB_DIR: webDir }, dir);
    const url = await new Promise<string>((resolve, reject) => {
      server.child.stdout.on('data', () => {
        const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output());
        if (m) resolve(m[1]!); // the pattern has one capture group
      });
      void server.exited.then((r) => reject(new Error(`server exited early: ${JSON.stringify(r)}`)));
    });

    const page = await fetch(`${url}/rooms/some-client-route`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Parley test shell');
    const api = await fetch(`${url}/api/no-such-route`);
    expect({ status: api.status, body: await api.json() }).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: expect.any(String) } },
    });
    const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);

    expect(server.child.kill('SIGTERM')).toBe(true);
    const result = await server.exited;
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).not.toContain(secret);
  });
});
