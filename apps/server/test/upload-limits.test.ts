import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from './helpers/api.js';
import { errorBody, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { blobFiles, jpegWithGps, png, pngBomb, sha256, tempFiles, textBytes, until, upload } from './helpers/uploads.js';

// Uploads the server must refuse, and what it must not leave behind when it does.
const LIMIT = 64 * 1024;
let server: TestServer;
let small: TestServer;
let strict: TestServer;
let user: Account;
let smallUser: Account;
let strictUser: Account;
beforeAll(async () => {
  [server, small, strict] = await Promise.all([
    startServer(),
    startServer({ uploads: { maxFileBytes: LIMIT } }),
    startServer({ uploads: { allowedTypes: ['image/*', 'application/pdf'] } }),
  ]);
  [user, smallUser, strictUser] = await Promise.all([registerUser(server.url), registerUser(small.url), registerUser(strict.url)]);
});
afterAll(async () => {
  await Promise.all([server.close(), small.close(), strict.close()]);
});

/** Runs a refused upload and checks it left no temp file and no new blob, then that the server still works. */
async function refusedWithoutLeftovers(s: TestServer, token: string, attempt: () => Promise<unknown>): Promise<void> {
  const blobsBefore = blobFiles(s.config.dataDir);
  await attempt();
  expect(tempFiles(s.config.dataDir)).toEqual([]);
  expect(blobFiles(s.config.dataDir)).toEqual(blobsBefore);
  const image = await png(8, 8);
  const next = await upload(s.url, token, image, 'next.png');
  expect([next.status, next.body.kind, next.body.width]).toEqual([201, 'image', 8]);
}

describe('size limits', () => {
  it('accepts a file of exactly uploads.maxFileBytes', async () => {
    const bytes = randomBytes(LIMIT);
    const res = await upload(small.url, smallUser.accessToken, bytes, 'exact.bin');
    expect([res.status, res.body.size, res.body.sha256]).toEqual([201, LIMIT, sha256(bytes)]);
  });

  it.each([
    ['one byte over', LIMIT + 1],
    ['16 times over', LIMIT * 16],
  ])('answers 413 for a file %s the limit, leaving nothing behind', async (_what, size) => {
    await refusedWithoutLeftovers(small, smallUser.accessToken, async () => {
      const res = await upload(small.url, smallUser.accessToken, randomBytes(size), 'big.bin');
      expect(res).toEqual({ status: 413, body: errorBody('payload_too_large') });
    });
  });

  it('answers 413 for an avatar over the limit, leaving nothing behind', async () => {
    const big = Buffer.concat([await png(10, 10), randomBytes(LIMIT)]);
    await refusedWithoutLeftovers(small, smallUser.accessToken, async () => {
      const res = await upload(small.url, smallUser.accessToken, big, 'me.png', '/api/me/avatar', 'PUT');
      expect(res).toEqual({ status: 413, body: errorBody('payload_too_large') });
    });
  });

  it('removes the temp file of an upload the client cuts off mid-way', async () => {
    const boundary = 'cut-off-boundary';
    const req = request(`${server.url}/api/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${user.accessToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(10_000_000),
      },
    });
    const failed = new Promise((resolve) => req.on('error', resolve));
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n\r\n`);
    req.write(randomBytes(100_000));
    await until(() => tempFiles(server.config.dataDir).length === 1, 'the upload to reach a temp file');
    req.destroy();
    await failed;
    await until(() => tempFiles(server.config.dataDir).length === 0, 'the temp file to be removed');
    const next = await upload(server.url, user.accessToken, textBytes(), 'next.txt');
    expect(next.status).toBe(201);
  });
});

describe('images that cannot be processed', () => {
  it('answers 400 for a JPEG cut in half, leaving nothing behind', async () => {
    const jpeg = await jpegWithGps(800, 600);
    await refusedWithoutLeftovers(server, user.accessToken, async () => {
      const res = await upload(server.url, user.accessToken, jpeg.subarray(0, jpeg.length >> 1), 'cut.jpg');
      expect(res).toEqual({ status: 400, body: errorBody('invalid_request', 'The image is corrupt or truncated') });
    });
  });

  it('answers 400 for bytes that only start like a PNG', async () => {
    const fake = Buffer.concat([(await png(10, 10)).subarray(0, 8), randomBytes(200)]);
    await refusedWithoutLeftovers(server, user.accessToken, async () => {
      const res = await upload(server.url, user.accessToken, fake, 'fake.png');
      expect(res).toEqual({ status: 400, body: errorBody('invalid_request', 'The image is corrupt or truncated') });
    });
  });

  it('answers 413 for a 400-megapixel PNG bomb from its header, without decoding it', async () => {
    const bomb = await pngBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    await refusedWithoutLeftovers(server, user.accessToken, async () => {
      const res = await upload(server.url, user.accessToken, bomb, 'bomb.png');
      expect(res).toEqual({ status: 413, body: errorBody('payload_too_large', 'Image is larger than 40 megapixels') });
    });
    // Decoding it would take 400 MB; the server shares this process, so its memory is ours.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('answers 413 for an avatar bomb as well', async () => {
    const bomb = await pngBomb(10_000, 5_000);
    await refusedWithoutLeftovers(server, user.accessToken, async () => {
      const res = await upload(server.url, user.accessToken, bomb, 'bomb.png', '/api/me/avatar', 'PUT');
      expect(res).toEqual({ status: 413, body: errorBody('payload_too_large') });
    });
  });
});

describe('allowed types', () => {
  it('answers 415 for a type uploads.allowedTypes does not list, whatever the name claims', async () => {
    await refusedWithoutLeftovers(strict, strictUser.accessToken, async () => {
      const res = await upload(strict.url, strictUser.accessToken, textBytes('plain text'), 'looks.pdf', '/api/uploads', 'POST', 'application/pdf');
      expect(res).toEqual({ status: 415, body: errorBody('unsupported_media_type', 'Files of type text/plain are not allowed here') });
    });
  });

  it('accepts the types it lists', async () => {
    const image = await upload(strict.url, strictUser.accessToken, await png(10, 10), 'ok.png');
    const pdf = await upload(strict.url, strictUser.accessToken, Buffer.from('%PDF-1.4\n%%EOF\n'), 'ok.pdf');
    expect([image.status, image.body.kind, pdf.status, pdf.body.contentType]).toEqual([201, 'image', 201, 'application/pdf']);
  });
});

describe('malformed uploads', () => {
  const post = (body: string | FormData, headers: Record<string, string> = {}, token: string | undefined = user.accessToken) =>
    fetch(`${server.url}/api/uploads`, { method: 'POST', body, headers: { ...headers, ...(token && { authorization: `Bearer ${token}` }) } }).then(
      async (res) => ({ status: res.status, body: (await res.json()) as unknown }),
    );
  const form = (name: string, value: Blob | string) => {
    const f = new FormData();
    if (typeof value === 'string') f.append(name, value);
    else f.append(name, value, 'x.txt');
    return f;
  };

  it.each([
    ['a JSON body', () => post('{}', { 'content-type': 'application/json' })],
    ['a file part under another name', () => post(form('upload', new Blob(['hi'])))],
    ['a form with no file', () => post(form('note', 'hi'))],
  ])('answers 400 naming the expected part for %s', async (_what, send) => {
    expect(await send()).toEqual({ status: 400, body: errorBody('invalid_request', expect.stringContaining('"file"')) });
  });

  // Fastify refuses a body type no parser accepts before the route runs, as on every JSON route
  // (bad-input.test.ts); only the status and code are pinned, as the message speaks of JSON.
  it('answers 415 for a raw body of another type', async () => {
    expect(await post('hello', { 'content-type': 'application/octet-stream' })).toEqual({
      status: 415,
      body: errorBody('invalid_request', 'Send the body as multipart/form-data'),
    });
  });

  it('answers 400 for an empty file', async () => {
    const res = await upload(server.url, user.accessToken, Buffer.alloc(0), 'empty.txt');
    expect(res).toEqual({ status: 400, body: errorBody('invalid_request', 'The file is empty') });
  });

  it('answers 401 without a token, before reading the file', async () => {
    const res = await upload(server.url, undefined, textBytes(), 'anon.txt');
    expect(res).toEqual({ status: 401, body: errorBody('unauthenticated') });
    expect(tempFiles(server.config.dataDir)).toEqual([]);
  });
});
