import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from './helpers/api.js';
import { errorBody, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import {
  attachmentBody,
  blobFiles,
  blobPath,
  download,
  filesUnder,
  hasGps,
  jsonOf,
  jpegWithGps,
  png,
  sha256,
  textBytes,
  upload,
  uploaded,
} from './helpers/uploads.js';

// What an upload stores and serves back: bytes, types, names. Limits and refusals are in
// upload-limits.test.ts, who may download in attachment-access.test.ts.
let server: TestServer;
let alice: Account;
let bob: Account;
beforeAll(async () => {
  server = await startServer();
  [alice, bob] = await Promise.all([registerUser(server.url, 'alice'), registerUser(server.url, 'bob')]);
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, headers: Record<string, string> = {}) => download(server.url, path, alice.accessToken, headers);
const SANDBOX = "default-src 'none'; sandbox";

describe('round trips', () => {
  it('gives back a 2 MiB file byte for byte, hashed as uploaded', async () => {
    const bytes = randomBytes(2 * 1024 * 1024);
    const res = await upload(server.url, alice.accessToken, bytes, 'data.bin');
    expect(res).toEqual({
      status: 201,
      body: attachmentBody({ kind: 'file', name: 'data.bin', contentType: 'application/octet-stream', size: bytes.length, sha256: sha256(bytes) }),
    });
    const file = await get(res.body.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(sha256(file.bytes)).toBe(res.body.sha256);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="data.bin"; filename*=UTF-8''data.bin`);
    expect(file.headers.get('content-length')).toBe(String(bytes.length));
  });

  it('re-encodes a JPEG without its EXIF/GPS, at its size, with a 480 px WebP thumbnail', async () => {
    const original = await jpegWithGps(1200, 900);
    expect(await hasGps(original)).toBe(true);
    const res = await upload(server.url, alice.accessToken, original, 'holiday.jpg');
    expect(res).toEqual({
      status: 201,
      body: attachmentBody({
        kind: 'image',
        name: 'holiday.jpg',
        contentType: 'image/jpeg',
        size: expect.any(Number),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        width: 1200,
        height: 900,
        thumbnailUrl: `${res.body.url}/thumbnail`,
        thumbnailWidth: 480,
        thumbnailHeight: 360,
      }),
    });
    const image = await get(res.body.url);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('content-disposition')).toBe(`inline; filename="holiday.jpg"; filename*=UTF-8''holiday.jpg`);
    expect([image.bytes.length, sha256(image.bytes)]).toEqual([res.body.size, res.body.sha256]);
    const served = await sharp(image.bytes).metadata();
    expect({ format: served.format, width: served.width, height: served.height, exif: served.exif }).toEqual({
      format: 'jpeg', width: 1200, height: 900, exif: undefined,
    });

    const thumb = await get(res.body.thumbnailUrl!);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const small = await sharp(thumb.bytes).metadata();
    expect({ format: small.format, width: small.width, height: small.height, exif: small.exif }).toEqual({
      format: 'webp', width: 480, height: 360, exif: undefined,
    });
  });

  it('applies the EXIF orientation before dropping it, so a sideways photo is served upright', async () => {
    const res = await uploaded(server.url, alice.accessToken, await jpegWithGps(1200, 900, 6), 'portrait.jpg');
    expect([res.width, res.height, res.thumbnailWidth, res.thumbnailHeight]).toEqual([900, 1200, 360, 480]);
    const served = await sharp((await get(res.url)).bytes).metadata();
    expect([served.width, served.height, served.orientation, served.exif]).toEqual([900, 1200, undefined, undefined]);
  });

  it.each([
    ['a tall PNG', 300, 2000, 72, 480],
    ['a wide PNG', 2000, 500, 480, 120],
    ['a small PNG, never enlarged', 30, 20, 30, 20],
  ])('keeps the aspect of %s in its thumbnail', async (_what, width, height, tw, th) => {
    const res = await uploaded(server.url, alice.accessToken, await png(width, height), 'p.png');
    expect([res.kind, res.contentType, res.width, res.height, res.thumbnailWidth, res.thumbnailHeight]).toEqual(['image', 'image/png', width, height, tw, th]);
    const thumb = await sharp((await get(res.thumbnailUrl!)).bytes).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', tw, th]);
  });

  it.each(['gif', 'webp'] as const)('keeps an animated %s animated, sized by its frame, with a still thumbnail', async (format) => {
    const frames = await Promise.all(['#f00', '#0f0', '#00f'].map((c) => png(120, 80, c)));
    const animation = await sharp(frames, { join: { animated: true } }).toFormat(format, { loop: 0 }).toBuffer();
    const res = await uploaded(server.url, alice.accessToken, animation, `spin.${format}`);
    expect([res.kind, res.contentType, res.width, res.height, res.thumbnailWidth, res.thumbnailHeight]).toEqual(['image', `image/${format}`, 120, 80, 120, 80]);
    const served = await sharp((await get(res.url)).bytes, { animated: true }).metadata();
    expect([served.format, served.pages, served.width, served.pageHeight]).toEqual([format, 3, 120, 80]);
    const thumb = await sharp((await get(res.thumbnailUrl!)).bytes, { animated: true }).metadata();
    expect([thumb.format, thumb.pages, thumb.width, thumb.height]).toEqual(['webp', undefined, 120, 80]);
  });

  it('has no thumbnail for a file', async () => {
    const res = await uploaded(server.url, alice.accessToken, textBytes(), 'notes.txt');
    expect(jsonOf(await get(`${res.url}/thumbnail`))).toEqual({ status: 404, body: errorBody('attachment_not_found') });
  });
});

describe('storage is content-addressed', () => {
  it('stores the same file uploaded by two users once, as two attachments', async () => {
    const bytes = randomBytes(4096);
    const before = blobFiles(server.config.dataDir);
    const a = await uploaded(server.url, alice.accessToken, bytes, 'same.bin');
    const b = await uploaded(server.url, bob.accessToken, bytes, 'copy.bin');
    expect(a.id).not.toBe(b.id);
    expect([a.sha256, b.sha256]).toEqual([sha256(bytes), sha256(bytes)]);
    expect(blobFiles(server.config.dataDir)).toEqual([...before, blobPath(sha256(bytes))].sort());
  });

  it('stores the same image uploaded twice once: one served blob and one thumbnail', async () => {
    const bytes = await png(640, 480, '#2a7');
    const before = blobFiles(server.config.dataDir);
    const a = await uploaded(server.url, alice.accessToken, bytes, 'a.png');
    const b = await uploaded(server.url, bob.accessToken, bytes, 'b.png');
    expect(a.id).not.toBe(b.id);
    expect(b.sha256).toBe(a.sha256);
    const thumbHash = sha256((await get(a.thumbnailUrl!)).bytes);
    expect(blobFiles(server.config.dataDir)).toEqual([...before, blobPath(a.sha256), blobPath(thumbHash)].sort());
  });
});

describe('types are decided by the bytes', () => {
  it('treats a PNG named x.pdf and sent as application/pdf as an image', async () => {
    const res = await upload(server.url, alice.accessToken, await png(40, 30), 'x.pdf', '/api/uploads', 'POST', 'application/pdf');
    expect(res.status).toBe(201);
    expect([res.body.kind, res.body.contentType, res.body.name, res.body.width, res.body.height]).toEqual(['image', 'image/png', 'x.pdf', 40, 30]);
    expect((await get(res.body.url)).headers.get('content-type')).toBe('image/png');
  });

  it('treats a text file named photo.jpg and sent as image/jpeg as a text file', async () => {
    const bytes = textBytes('not a photo at all\n');
    const res = await upload(server.url, alice.accessToken, bytes, 'photo.jpg', '/api/uploads', 'POST', 'image/jpeg');
    expect(res).toEqual({
      status: 201,
      body: attachmentBody({ kind: 'file', name: 'photo.jpg', contentType: 'text/plain', size: bytes.length, sha256: sha256(bytes) }),
    });
    const file = await get(res.body.url);
    expect([file.headers.get('content-type'), file.headers.get('content-disposition')]).toEqual([
      'text/plain; charset=utf-8',
      `attachment; filename="photo.jpg"; filename*=UTF-8''photo.jpg`,
    ]);
  });

  it('treats Chinese UTF-8 text as text/plain', async () => {
    const res = await uploaded(server.url, alice.accessToken, textBytes('这是一个中文文本文件，用来测试类型检测。\n'.repeat(4)), '说明.txt');
    expect([res.kind, res.contentType, res.name]).toEqual(['file', 'text/plain', '说明.txt']);
  });

  it.each([
    ['an SVG with a script', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>', 'x.svg', 'image/svg+xml'],
    ['an HTML page', '<!DOCTYPE html><script>alert(document.cookie)</script>', 'page.html', 'text/html'],
  ])('stores %s as a file and serves it as an inert, sandboxed download', async (_what, content, name, detected) => {
    const res = await uploaded(server.url, alice.accessToken, textBytes(content), name);
    expect([res.kind, res.contentType, res.thumbnailUrl]).toEqual(['file', detected, null]);
    const file = await get(res.url);
    expect({
      type: file.headers.get('content-type'),
      disposition: file.headers.get('content-disposition'),
      nosniff: file.headers.get('x-content-type-options'),
      csp: file.headers.get('content-security-policy'),
    }).toEqual({
      type: 'application/octet-stream',
      disposition: `attachment; filename="${name}"; filename*=UTF-8''${name}`,
      nosniff: 'nosniff',
      csp: SANDBOX,
    });
    expect(file.bytes.toString()).toBe(content);
  });

  it('sends nosniff and the sandbox on images and thumbnails too', async () => {
    const res = await uploaded(server.url, alice.accessToken, await png(20, 20), 'tiny.png');
    for (const path of [res.url, res.thumbnailUrl!]) {
      const { headers } = await get(path);
      expect([headers.get('x-content-type-options'), headers.get('content-security-policy')]).toEqual(['nosniff', SANDBOX]);
    }
  });
});

describe('file names', () => {
  it('keeps only the last part of a path and writes nothing outside the data dir', async () => {
    const res = await uploaded(server.url, alice.accessToken, textBytes('root:x:0:0\n'), '../../etc/passwd');
    expect(res.name).toBe('passwd');
    const { dataDir } = server.config;
    expect(filesUnder(dataDir).filter((f) => !/^(parley\.db(-wal|-shm)?|blobs\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64})$/.test(f))).toEqual([]);
    expect([existsSync(join(dataDir, '..', 'passwd')), existsSync(join(dataDir, '..', 'etc'))]).toEqual([false, false]);
  });

  it('strips control characters and the right-to-left override', async () => {
    const res = await uploaded(server.url, alice.accessToken, textBytes(), 'invoice\u0001\u202Efdp.exe');
    expect(res.name).toBe('invoicefdp.exe');
  });

  it('keeps a Chinese name and sends it RFC 5987-encoded', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const res = await uploaded(server.url, alice.accessToken, pdf, '报告.pdf');
    expect([res.name, res.kind, res.contentType]).toEqual(['报告.pdf', 'file', 'application/pdf']);
    const file = await get(res.url);
    expect([file.headers.get('content-type'), file.headers.get('content-disposition')]).toEqual([
      'application/pdf',
      `attachment; filename="__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf`,
    ]);
  });

  it.each([
    ['1000', 1000],
    ['70 000', 70_000],
  ])('shortens a %s-character name to 200 bytes, keeping the extension', async (_what, length) => {
    const res = await uploaded(server.url, alice.accessToken, textBytes(), `${'n'.repeat(length)}.pdf`);
    expect(res.name).toBe(`${'n'.repeat(196)}.pdf`);
  });
});
