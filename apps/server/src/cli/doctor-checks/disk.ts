import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail, ok, warn, type DoctorCheck } from './types.js';

const GIB = 1024 ** 3;
/** Below either a warning: uploads and SQLite's WAL need room, and a full disk stops writes mid-transaction. */
export const LOW_FREE_BYTES = GIB;
export const LOW_FREE_FRACTION = 0.05;

/** The data dir, or its nearest existing parent when it is not created yet (it will be on that file system). */
function existingAncestor(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

export function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(1)} GiB`;
  return `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}

/** Free space on the file system holding the data dir (uploads and the SQLite file live there). */
export const diskCheck: DoctorCheck = {
  name: 'disk',
  async run({ config }) {
    const path = existingAncestor(config.dataDir);
    const stats = statfsSync(path);
    // bavail: blocks an unprivileged process may use, which is what the server gets.
    const free = stats.bavail * stats.bsize;
    const total = stats.blocks * stats.bsize;
    const fraction = total > 0 ? free / total : 0;
    const text = `${formatBytes(free)} free of ${formatBytes(total)} (${(fraction * 100).toFixed(0)} %) at ${path}`;
    const fix = `free space or grow the volume holding ${config.dataDir}; old uploads and backups are the usual culprits`;
    if (free === 0) return [fail('disk', `no space left: ${text}`, fix)];
    if (free < LOW_FREE_BYTES || fraction < LOW_FREE_FRACTION) return [warn('disk', `low on space: ${text}`, fix)];
    return [ok('disk', text)];
  },
};
