import { existsSync, statSync } from 'node:fs';
import { inspectDatabase, resolveDatabaseUrl } from '../../storage/db.js';
import { migrations } from '../../storage/migrations/index.js';
import { displayDatabaseUrl, failureReason } from '../context.js';
import { skewResult } from './clock.js';
import { fail, ok, warn, type CheckResult, type DoctorCheck } from './types.js';

const MIGRATE_FIX = 'start the server (it migrates at start) or run `parley migrate`; take a backup first (`parley backup`)';

function listPending(pending: string[]): string {
  return pending.length <= 5 ? pending.join(', ') : `${pending.slice(0, 5).join(', ')} and ${pending.length - 5} more`;
}

/** A SQLite file holds password hashes and every message; one made before Parley created it 0600, or copied in, may be readable by every local user. */
function sqliteFileMode(file: string): CheckResult[] {
  if ((statSync(file).mode & 0o004) === 0) return [];
  const fix = `\`chmod 600 ${file}*\` (the -wal and -shm files too), or run the server with umask 077`;
  return [warn('database file', `${file} can be read by every user on this host`, fix)];
}

/**
 * The database answers, which engine and version it is, which migrations this build would still run,
 * and (for a database on another host) how far its clock is from ours.
 */
export const databaseCheck: DoctorCheck = {
  name: 'database',
  async run({ config }) {
    const url = resolveDatabaseUrl({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const display = displayDatabaseUrl(config);
    if (url.startsWith('sqlite:') && !existsSync(url.slice('sqlite:'.length))) {
      const count = Object.keys(migrations).length;
      return [
        warn('database', `no database yet at ${display}`, 'nothing to do on a new install: the server creates it at first start (or run `parley migrate`)'),
        warn('migrations', `all ${count} migrations will run when the database is created`, MIGRATE_FIX),
      ];
    }
    let facts;
    try {
      facts = await inspectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onPoolError: () => undefined });
    } catch (err) {
      const fix = url.startsWith('sqlite:')
        ? 'check that the file is a Parley database and readable by this user'
        : 'check that the database server runs and accepts connections from this host, and the host, port, user and password in databaseUrl / PARLEY_DATABASE_URL';
      return [fail('database', `cannot reach the database at ${display}: ${failureReason(err)}`, fix)];
    }
    const results: CheckResult[] = [ok('database', `${facts.version} at ${display}`)];
    if (url.startsWith('sqlite:')) results.push(...sqliteFileMode(url.slice('sqlite:'.length)));
    results.push(
      facts.pending.length === 0
        ? ok('migrations', `up to date (${Object.keys(migrations).length} applied)`)
        : fail('migrations', `${facts.pending.length} pending: ${listPending(facts.pending)}`, MIGRATE_FIX),
    );
    // SQLite runs inside this process: its clock is ours, there is nothing to compare.
    if (facts.dialect !== 'sqlite') results.push(skewResult('database clock', 'the database server', 'this host', facts.nowMs - facts.localMs));
    return results;
  },
};
