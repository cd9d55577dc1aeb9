import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { BackupError } from './backup-error.js';
import { MANIFEST_NAME, parseManifest, type Manifest } from './manifest.js';
import type { ProgressSink } from './progress-sink.js';

/** A problem with an archive, phrased for the operator; the command prints it as is. */
export class ArchiveError extends BackupError {
  override name = 'ArchiveError';
}

/** SHA-256 and size of one file, streamed so a large database never sits in memory. */
export async function hashFile(path: string, onBytes: (n: number) => void = () => undefined): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(createReadStream(path), async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      size += chunk.length;
      hash.update(chunk);
      onBytes(chunk.length);
    }
  });
  return { size, sha256: hash.digest('hex') };
}

/** Every regular file under `dir`, as archive member paths (forward slashes), sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Packs `members` of `stagingDir` into a gzip tar at `dest`, manifest first. It is written to
 * `<dest>.partial` (mode 0600: the archive holds password hashes and maybe the JWT secret) and
 * renamed into place only when complete, so a crash never leaves a file that looks like a backup.
 */
export async function writeArchive(stagingDir: string, members: string[], dest: string): Promise<void> {
  const partial = `${dest}.partial`;
  await rm(partial, { force: true }); // a crashed earlier run's; its mode may be wider than ours
  try {
    await tar.c({ gzip: true, cwd: stagingDir, file: partial, mode: 0o600, portable: true, strict: true }, [MANIFEST_NAME, ...members]);
    await rename(partial, dest);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

/** Only plain files and folders with the names `parley backup` writes; anything else is not ours. */
function isExpectedEntry(path: string, type: string): boolean {
  if (type === 'Directory') return true;
  if (type !== 'File' && type !== 'OldFile' && type !== 'ContiguousFile') return false;
  return /^(manifest\.json|jwt-secret|database\/parley\.(db|pgdump|sql)|blobs\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64})$/.test(path.replace(/^\.\//, ''));
}

/**
 * Unpacks `file` into the empty folder `intoDir` and checks it against its manifest: every member
 * listed is present with the listed size and SHA-256, and nothing else is there. Throws an
 * ArchiveError naming the first bad member. Nothing outside `intoDir` is written.
 */
export async function extractAndVerify(file: string, intoDir: string, progress: ProgressSink): Promise<Manifest> {
  progress.stage(`unpacking ${file}`);
  const skipped: string[] = [];
  try {
    await tar.x({
      file,
      cwd: intoDir,
      strict: true,
      preservePaths: false,
      // Files belong to whoever restores, even as root; the archive records no owners anyway (portable).
      preserveOwner: false,
      filter: (path, entry) => {
        const ok = isExpectedEntry(path, 'type' in entry ? entry.type : 'File');
        if (!ok) skipped.push(path);
        return ok;
      },
    });
  } catch (err) {
    throw new ArchiveError(`${file} is damaged or not a Parley backup (${(err as Error).message})`);
  }
  if (skipped.length > 0) throw new ArchiveError(`${file} holds ${skipped[0]}, which no Parley backup contains; refusing it`);
  let manifest: Manifest;
  try {
    manifest = parseManifest(await readFile(join(intoDir, MANIFEST_NAME), 'utf8'));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ArchiveError(missing ? `${file} has no manifest.json: not a Parley backup` : `${file}: ${(err as Error).message}`);
  }
  await verifyMembers(file, intoDir, manifest, progress);
  return manifest;
}

async function verifyMembers(file: string, dir: string, manifest: Manifest, progress: ProgressSink): Promise<void> {
  const present = (await filesUnder(dir)).filter((p) => p !== MANIFEST_NAME);
  const listed = new Set(Object.keys(manifest.files));
  const extra = present.find((p) => !listed.has(p));
  if (extra) throw new ArchiveError(`${file}: ${extra} is not listed in the manifest; the archive was altered`);
  const total = Object.values(manifest.files).reduce((sum, f) => sum + f.size, 0);
  const bar = progress.counter('verifying', total, true);
  for (const [path, expected] of Object.entries(manifest.files)) {
    const info = await stat(join(dir, path)).catch(() => undefined);
    if (!info) throw new ArchiveError(`${file}: ${path} is listed in the manifest but missing from the archive`);
    const actual = await hashFile(join(dir, path), (n) => bar.add(n));
    if (actual.size !== expected.size || actual.sha256 !== expected.sha256) {
      throw new ArchiveError(`${file}: checksum mismatch for ${path} (the archive is damaged or was altered)`);
    }
  }
  bar.finish();
}
