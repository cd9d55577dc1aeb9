import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, ok, warn, type CheckResult, type DoctorCheck } from './types.js';

/** True when anyone but the owner and group may read the file. */
function worldReadable(path: string): boolean {
  return (statSync(path).mode & 0o004) !== 0;
}

/** Where the secret came from, if configured: the variable, or the YAML file (which then must be private). */
function configuredSecret(env: Readonly<Record<string, string | undefined>>, cwd: string): CheckResult {
  if ((env.PARLEY_JWT_SECRET ?? '') !== '') return ok('jwt secret', 'set by PARLEY_JWT_SECRET');
  const yaml = resolve(cwd, 'config/config.yaml');
  if (worldReadable(yaml)) {
    return fail('jwt secret', `set in ${yaml}, which every user on this host can read`, `\`chmod 600 ${yaml}\` (or 640 with the server's group)`);
  }
  return ok('jwt secret', `set in ${yaml}, not readable by other users`);
}

/**
 * The signing secret of access tokens: configured, or kept in `<dataDir>/jwt-secret`. Anyone who
 * reads it can sign a token for any user, admins included.
 */
export const jwtSecretCheck: DoctorCheck = {
  name: 'jwt secret',
  async run({ config, io }) {
    if (config.jwtSecret) return [configuredSecret(io.env, io.cwd)];
    const file = join(config.dataDir, 'jwt-secret');
    const several = config.redisUrl
      ? ' With several instances, set the same PARLEY_JWT_SECRET on each, or they refuse each other\'s tokens.'
      : '';
    if (!existsSync(file)) {
      const text = `no secret configured and none kept in ${file} yet`;
      return [warn('jwt secret', text, `the server generates one at first start.${several}`)];
    }
    if (readFileSync(file, 'utf8').trim().length < 32) {
      return [fail('jwt secret', `${file} holds fewer than 32 characters`, 'delete it (the server writes a new one; everyone signs in again) or set PARLEY_JWT_SECRET')];
    }
    if (worldReadable(file)) return [fail('jwt secret', `${file} can be read by every user on this host`, `\`chmod 600 ${file}\``)];
    return [ok('jwt secret', `kept in ${file}, not readable by other users`)];
  },
};
