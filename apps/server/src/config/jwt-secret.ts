import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, ParsedConfig } from './schema.js';

const SECRET_FILE = 'jwt-secret';

/**
 * Completes the config with a JWT secret: the configured one, else the one kept in the data dir,
 * else a new random one written there (mode 0600). There is never a built-in default secret.
 */
export function withJwtSecret(config: ParsedConfig): Config {
  if (config.jwtSecret) return Object.freeze({ ...config, jwtSecret: config.jwtSecret });
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return Object.freeze({ ...config, jwtSecret: kept });
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return Object.freeze({ ...config, jwtSecret: secret });
}
