import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const HASH = /^[0-9a-f]{64}$/;

/** `<root>/ab/cd/<sha256>`, the layout of storage/local-blob-store.ts. */
export function blobPath(root: string, sha256: string): string {
  return join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Hashes of the stored blobs under `root`; uploads still streaming into `tmp/` are not blobs yet. */
export async function listBlobs(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries.filter((e) => e.isFile() && HASH.test(e.name) && !e.parentPath.includes(`${join(root, 'tmp')}`)).map((e) => e.name);
}

/**
 * Puts blob `sha256` from `liveRoot` into `stagingRoot`: a hard link when both are on one file
 * system (instant, and safe because blobs are immutable: the server replaces by rename and deletes
 * by unlink, neither of which touches our link), else a copy. False when the blob is gone.
 */
export async function stageBlob(liveRoot: string, stagingRoot: string, sha256: string): Promise<boolean> {
  const from = blobPath(liveRoot, sha256);
  const to = blobPath(stagingRoot, sha256);
  await mkdir(join(to, '..'), { recursive: true });
  try {
    await link(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'EEXIST') return true;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw err;
  }
  try {
    await copyFile(from, to);
    return true;
  } catch (err) {
    await rm(to, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Removes a staged blob the snapshot does not use (deleted before the snapshot was taken). */
export async function unstageBlob(stagingRoot: string, sha256: string): Promise<void> {
  await rm(blobPath(stagingRoot, sha256), { force: true });
}
