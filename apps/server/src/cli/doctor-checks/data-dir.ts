import { randomBytes } from 'node:crypto';
import { constants, accessSync, existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { failureReason } from '../context.js';
import { fail, ok, warn, type CheckResult, type DoctorCheck } from './types.js';

/** `you are uid 1000; the directory belongs to uid 0`, or nothing where there are no uids (Windows). */
function ownershipHint(path: string): string {
  const uid = process.getuid?.();
  if (uid === undefined) return '';
  const owner = statSync(path).uid;
  if (owner === uid) return '';
  return ` (it belongs to uid ${owner}, you are uid ${uid}: run parley as the server's user, or \`chown -R ${uid} ${path}\`)`;
}

/** Writes and removes a file, which is what the server does; access(2) would say yes to root on a read-only mount. */
function probeWrite(dir: string): void {
  const probe = join(dir, `.parley-doctor-${randomBytes(6).toString('hex')}`);
  writeFileSync(probe, '', { flag: 'wx' });
  unlinkSync(probe);
}

function checkDir(check: string, label: string, dir: string, createdBy: string): CheckResult {
  if (!existsSync(dir)) {
    const parent = dirname(dir);
    try {
      accessSync(existsSync(parent) ? parent : dirname(parent), constants.W_OK);
    } catch {
      return fail(check, `${label} ${dir} does not exist and cannot be created`, `create it and give it to the server's user: \`mkdir -p ${dir}\``);
    }
    return warn(check, `${label} ${dir} does not exist yet`, `nothing to do if this is a new install: ${createdBy}`);
  }
  if (!statSync(dir).isDirectory()) return fail(check, `${label} ${dir} is not a directory`, `move the file away; ${createdBy}`);
  try {
    probeWrite(dir);
  } catch (err) {
    const hint = ownershipHint(dir);
    return fail(check, `${label} ${dir} is not writable: ${failureReason(err)}`, `make it writable by the server's user${hint || ` (\`chmod u+rwx ${dir}\`, or remount it read-write)`}`);
  }
  return ok(check, `${label} ${dir} is a writable directory`);
}

/** The data dir and the uploads under it (`<dataDir>/blobs`) exist, are directories and take a new file. */
export const dataDirCheck: DoctorCheck = {
  name: 'data dir',
  async run({ config }) {
    const data = checkDir('data dir', 'data dir', config.dataDir, 'the server creates it at start');
    if (data.status === 'fail') return [data];
    return [data, checkDir('uploads', 'upload dir', join(config.dataDir, 'blobs'), 'the server creates it at start')];
  },
};
