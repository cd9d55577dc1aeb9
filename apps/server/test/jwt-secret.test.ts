import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withJwtSecret } from '../src/config/jwt-secret.js';
import { loadConfig } from '../src/config/load.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty working directory. */
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-secret-'));
  dirs.push(dir);
  return dir;
}

describe('withJwtSecret', () => {
  const parsed = (dataDir: string, jwtSecret?: string) =>
    loadConfig({ env: { PARLEY_DATA_DIR: dataDir, ...(jwtSecret && { PARLEY_JWT_SECRET: jwtSecret }) }, cwd: workdir() });

  it('uses a configured secret and writes nothing', () => {
    const dataDir = join(workdir(), 'data');
    const secret = 's'.repeat(40);
    const config = withJwtSecret(parsed(dataDir, secret));
    expect(config.jwtSecret).toBe(secret);
    expect(Object.isFrozen(config)).toBe(true);
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
  });

  it('generates a secret into dataDir/jwt-secret, readable by the owner only, and reuses it', () => {
    const dataDir = join(workdir(), 'nested', 'data');
    const first = withJwtSecret(parsed(dataDir));
    const file = join(dataDir, 'jwt-secret');
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(withJwtSecret(parsed(dataDir)).jwtSecret).toBe(first.jwtSecret);
  });

  it('generates different secrets for different data dirs', () => {
    const a = withJwtSecret(parsed(join(workdir(), 'a'))).jwtSecret;
    const b = withJwtSecret(parsed(join(workdir(), 'b'))).jwtSecret;
    expect(a).not.toBe(b);
  });

  it('replaces a kept secret that is too short to be safe', () => {
    const dataDir = workdir();
    writeFileSync(join(dataDir, 'jwt-secret'), 'short\n', { mode: 0o600 });
    const config = withJwtSecret(parsed(dataDir));
    expect(config.jwtSecret).not.toBe('short');
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(config.jwtSecret);
  });
});
