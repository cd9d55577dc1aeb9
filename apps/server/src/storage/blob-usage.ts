import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes and files under the blob store, uploads in progress (`tmp/`) left out. */
export interface BlobUsage {
  bytes: number;
  files: number;
}

/**
 * Walks the blob store (`<root>/ab/cd/<sha256>`, see local-blob-store.ts). A file deleted while the
 * walk runs is simply not counted; a missing root is an empty store.
 */
export async function measureBlobs(root: string): Promise<BlobUsage> {
  const usage: BlobUsage = { bytes: 0, files: 0 };
  await walk(root, usage, true);
  return usage;
}

async function walk(dir: string, usage: BlobUsage, top: boolean): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(top && entry.name === 'tmp')) await walk(path, usage, false);
    } else if (entry.isFile()) {
      const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined; // swept meanwhile
        throw err;
      });
      if (info) {
        usage.bytes += info.size;
        usage.files += 1;
      }
    }
  }
}
