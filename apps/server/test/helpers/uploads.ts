import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, createDeflate } from 'node:zlib';
import type { Attachment } from '@parley/protocol';
import sharp from 'sharp';
import { expect } from 'vitest';

export interface UploadResponse<T = unknown> {
  status: number;
  body: T;
}

/** Sends `bytes` as the multipart part "file", the way a browser's FormData does; returns status and JSON body. */
export async function upload<T = Attachment>(
  url: string,
  token: string | undefined,
  bytes: Uint8Array,
  filename: string,
  path = '/api/uploads',
  method = 'POST',
  contentType = 'application/octet-stream',
): Promise<UploadResponse<T>> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), filename);
  const res = await fetch(url + path, { method, body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Uploads and insists on 201, for tests whose subject is what happens after the upload. */
export async function uploaded(url: string, token: string, bytes: Uint8Array, filename: string): Promise<Attachment> {
  const res = await upload(url, token, bytes, filename);
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A GET with an optional bearer token and headers; the body as bytes. */
export async function download(url: string, path: string, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(url + path, { headers: { ...headers, ...(token && { authorization: `Bearer ${token}` }) } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir`, as paths relative to it, sorted; [] if it does not exist. */
export function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** The stored blobs of a server (hash-named files, temp files excluded). */
export const blobFiles = (dataDir: string) => filesUnder(join(dataDir, 'blobs')).filter((f) => !f.startsWith('tmp/'));
/** Temporary upload files left in the blob store. */
export const tempFiles = (dataDir: string) => filesUnder(join(dataDir, 'blobs', 'tmp'));
/** Where the blob with this hash lives, relative to `<dataDir>/blobs`. */
export const blobPath = (hash: string) => `${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;

/**
 * A JPEG whose EXIF carries a GPS position and a camera make: what must never be served.
 * libvips names the GPS directory IFD3; a `GPS` key is silently dropped, so it would test nothing.
 */
export function jpegWithGps(width = 1200, height = 900, orientation?: number): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' }, IFD0: { Make: 'TestCam' } });
  return (orientation ? image.withMetadata({ orientation }) : image).toBuffer();
}

/** Whether an image's EXIF holds a GPS directory (tag 0x8825, little-endian as libvips writes it). */
export async function hasGps(image: Buffer): Promise<boolean> {
  const { exif } = await sharp(image).metadata();
  return exif !== undefined && exif.includes(Buffer.from([0x25, 0x88])) && exif.includes(Buffer.from('TestCam'));
}

export function png(width: number, height: number, background = '#36c'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();
}

/** Bytes that are plainly a text file, whatever they are called. */
export const textBytes = (text = 'hello, parley\n') => Buffer.from(text, 'utf8');

/** The body a successful upload returns, with the fields only the server knows left open. */
export function attachmentBody(fields: Partial<Attachment>) {
  return {
    id: expect.any(String),
    createdAt: expect.any(String),
    url: expect.stringMatching(/^\/api\/attachments\/[0-9a-f-]{36}$/),
    thumbnailUrl: null,
    width: null,
    height: null,
    thumbnailWidth: null,
    thumbnailHeight: null,
    ...fields,
  };
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real, valid greyscale PNG of `width`×`height` black pixels: a few hundred KB on the wire that
 * would decode to width×height bytes. Deflated row by row so building it costs no memory either.
 */
export async function pngBomb(width: number, height: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, adaptive filter, no interlace
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const row = Buffer.alloc(width + 1); // filter byte 0, then zeros
  for (let y = 0; y < height; y++) {
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', Buffer.concat(parts)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Polls until `condition` holds: for effects with no message to wait for (a file removed after an abort). */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A download's status and JSON body, for the error answers. */
export const jsonOf = (res: { status: number; bytes: Buffer }) => ({ status: res.status, body: JSON.parse(res.bytes.toString()) as unknown });
