import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sha256Hex } from '../lib/sha256.js';
import type { BlobStore, IncomingBlob } from './blob-store.js';

const HASH = /^[0-9a-f]{64}$/;
/**
 * A temporary file untouched this long is left over from a crash. Younger ones may be uploads still
 * streaming into another instance that shares this folder, so start-up must not delete them.
 */
export const STALE_TMP_MS = 60 * 60_000;

/** Blobs under `<root>/ab/cd/<sha256>`, uploads in progress under `<root>/tmp/`. */
export class LocalBlobStore implements BlobStore {
  private readonly tmp: string;

  constructor(private readonly root: string) {
    this.tmp = join(root, 'tmp');
  }

  /** Creates the folders and removes temporary files a crash left (see STALE_TMP_MS). */
  async init(now = Date.now()): Promise<void> {
    await mkdir(this.tmp, { recursive: true });
    for (const name of await readdir(this.tmp)) {
      const path = join(this.tmp, name);
      const info = await stat(path).catch(() => undefined); // finished meanwhile by its instance
      if (info && now - info.mtimeMs > STALE_TMP_MS) await rm(path, { recursive: true, force: true });
    }
  }

  private pathOf(sha256: string): string {
    if (!HASH.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async receive(input: Readable, maxBytes: number): Promise<IncomingBlob> {
    const path = join(this.tmp, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    let truncated = false;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) {
          truncated = true;
          // Keep draining the request (so the client gets our answer) but store nothing more.
          return done();
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(input, meter, createWriteStream(path, { flags: 'wx' }));
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    return { path, size, sha256: hash.digest('hex'), truncated };
  }

  async receiveBuffer(bytes: Buffer): Promise<IncomingBlob> {
    const path = join(this.tmp, randomUUID());
    await writeFile(path, bytes, { flag: 'wx' });
    return { path, size: bytes.length, sha256: sha256Hex(bytes), truncated: false };
  }

  async commit(blob: IncomingBlob): Promise<void> {
    const target = this.pathOf(blob.sha256);
    if (await this.stat(blob.sha256)) return this.discard(blob);
    await mkdir(join(target, '..'), { recursive: true });
    // rename is atomic: readers see the whole blob or none of it.
    await rename(blob.path, target);
  }

  async peek(blob: IncomingBlob, bytes: number): Promise<Buffer> {
    const file = await open(blob.path, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await file.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  }

  async discard(blob: IncomingBlob): Promise<void> {
    await rm(blob.path, { force: true });
  }

  async stat(sha256: string): Promise<{ size: number } | undefined> {
    try {
      return { size: (await stat(this.pathOf(sha256))).size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  read(sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(sha256), range);
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
