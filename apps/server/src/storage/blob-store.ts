import type { Readable } from 'node:stream';

/** Bytes received into a temporary file, with their hash; `commit` or `discard` it exactly once. */
export interface IncomingBlob {
  path: string;
  size: number;
  sha256: string;
  /** True when the input went over the byte limit (and was cut off). */
  truncated: boolean;
}

/**
 * Content-addressed byte storage: a blob's name is the SHA-256 of its bytes, so the same file
 * uploaded twice is stored once. See docs/adr/0003-blob-storage-and-attachment-access.md.
 */
export interface BlobStore {
  /** Streams `input` into a temporary file while hashing, stopping past `maxBytes`. */
  receive(input: Readable, maxBytes: number): Promise<IncomingBlob>;
  /** Writes a small buffer (thumbnails, avatars) into a temporary file. */
  receiveBuffer(bytes: Buffer): Promise<IncomingBlob>;
  /** Moves a received blob into the store under its hash; a no-op (and cleanup) if it is already there. */
  commit(blob: IncomingBlob): Promise<void>;
  /** The first bytes of a received blob, for type detection. */
  peek(blob: IncomingBlob, bytes: number): Promise<Buffer>;
  /** Deletes a received blob that will not be stored. */
  discard(blob: IncomingBlob): Promise<void>;
  /** Size of a stored blob, or undefined if absent. */
  stat(sha256: string): Promise<{ size: number } | undefined>;
  /** Reads a stored blob, optionally a byte range (inclusive end). */
  read(sha256: string, range?: { start: number; end: number }): Readable;
  delete(sha256: string): Promise<void>;
}
