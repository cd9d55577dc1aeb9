import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';

// Bad PARLEY_* values beyond config.test.ts: each stops start-up with one line naming the key and
// the variable it came from, and never echoes a secret.
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const workdir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bad-config-'));
  dirs.push(dir);
  return dir;
};

function failure(env: Record<string, string>): string {
  try {
    loadConfig({ env, cwd: workdir() });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('config: bad PARLEY_* values', () => {
  it.each([
    ['PARLEY_PORT', '-1', 'port', /must be at least 0 \(/],
    ['PARLEY_PORT', '65536', 'port', /must be at most 65535 \(/],
    ['PARLEY_PORT', 'NaN', 'port', /must be a number/],
    ['PARLEY_PORT', 'Infinity', 'port', /must be a number/],
    ['PARLEY_PORT', '1e3', 'port', /must be a number/],
    ['PARLEY_PORT', '0x50', 'port', /must be a number/],
    ['PARLEY_WS_SEND_RATE_PER_SECOND', '0', 'ws.sendRatePerSecond', /must be at least 0\.1 \(/],
    ['PARLEY_WS_SEND_BURST', '1.5', 'ws.sendBurst', /must be a whole number \(/],
    ['PARLEY_WS_REPLAY_LIMIT', '99999999', 'ws.replayLimit', /must be at most 100000 \(/],
    ['PARLEY_UPLOAD_MAX_FILE_BYTES', '-5', 'uploads.maxFileBytes', /must be at least 1024 \(/],
    ['PARLEY_UPLOAD_MAX_FILE_BYTES', '99999999999999', 'uploads.maxFileBytes', /must be at most 10737418240 \(/],
    ['PARLEY_UPLOAD_MAX_IMAGE_PIXELS', '0', 'uploads.maxImagePixels', /must be at least 1 \(/],
    ['PARLEY_UPLOAD_ALLOWED_TYPES', 'text/html;script', 'uploads.allowedTypes.0', /content types/],
    ['PARLEY_REDIS_KEY_PREFIX', 'a b', 'redisKeyPrefix', /letters, digits/],
    ['PARLEY_PRESENCE_TTL_SECONDS', '1', 'presenceTtlSeconds', /must be at least 2 \(/],
    ['PARLEY_ACCESS_TOKEN_TTL_SECONDS', '0', 'auth.accessTokenTtlSeconds', /must be at least 30 \(/],
    ['PARLEY_REFRESH_TOKEN_TTL_DAYS', '9999', 'auth.refreshTokenTtlDays', /must be at most 365 \(/],
    ['PARLEY_METRICS_ENABLED', 'yes', 'metrics.enabled', /must be a boolean/],
    ['PARLEY_LOG_LEVEL', 'verbose', 'logLevel', /expected one of/],
    ['PARLEY_JWT_SECRET', 's3cr3t-but-31-characters-long!!', 'jwtSecret', /at least 32 characters/],
    ['PARLEY_DATABASE_URL', 'mongodb://root:hunter2@db/parley', 'databaseUrl', /sqlite:, postgres:\/\/ or mysql:\/\//],
  ])('refuses %s=%j in one line naming %s and the variable', (name, value, key, problem) => {
    const message = failure({ [name]: value });
    expect(message.startsWith(`config: ${key} `)).toBe(true);
    expect(message.endsWith(` (from ${name})`)).toBe(true);
    expect(message).toMatch(problem);
    expect(message).not.toContain('\n');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('s3cr3t');
  });
});

describe('config: the built server process', () => {
  it('exits 1 before opening anything, with one stderr line naming the bad variable and no secret', async () => {
    expect(existsSync(MAIN), `${MAIN} is missing: npm run build -w @parley/protocol && npm run build -w @parley/server`).toBe(true);
    const dir = workdir();
    const env = {
      PATH: process.env.PATH ?? '',
      PARLEY_DATA_DIR: join(dir, 'data'),
      PARLEY_JWT_SECRET: 'a-good-secret-that-is-long-enough-0123456789',
      PARLEY_DATABASE_URL: 'mongodb://root:hunter2@db/parley',
    };
    const child = spawn(process.execPath, [MAIN], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: 'config: databaseUrl must start with sqlite:, postgres:// or mysql:// (from PARLEY_DATABASE_URL)\n',
    });
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});
