import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Attachment } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { download, filesUnder, textBytes, upload, uploaded } from './helpers/uploads.js';

// Path traversal and foreign ids around uploads, attachments and avatars: nothing outside the blob
// store is ever written or served, and the server keeps serving. uploads.test.ts has the basics.
let server: TestServer;
let alice: Account;
let bob: Account;
let bobsFile: Attachment;
let webDir: string;

beforeAll(async () => {
  // A built web client of one page, so the static file server is part of what is attacked.
  webDir = mkdtempSync(join(tmpdir(), 'parley-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>parley</title>');
  writeFileSync(join(webDir, 'assets', 'app.js'), 'void 0;');
  server = await startServer({ webDir });
  [alice, bob] = (await Promise.all([registerUser(server.url, 'alice'), registerUser(server.url, 'bob')])) as [Account, Account];
  bobsFile = await uploaded(server.url, bob.accessToken, textBytes('bob only'), 'bob.txt');
});
afterAll(async () => {
  await server.close();
  rmSync(webDir, { recursive: true, force: true });
});

/** Only the database and content-addressed blobs exist under the data dir. */
function onlyBlobsWritten(): void {
  const { dataDir } = server.config;
  const stray = filesUnder(dataDir).filter((f) => !/^(parley\.db(-wal|-shm)?|jwt-secret|blobs\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64})$/.test(f));
  expect(stray).toEqual([]);
  expect([existsSync(join(dataDir, '..', 'passwd')), existsSync(join(dataDir, '..', 'etc'))]).toEqual([false, false]);
}

/** A GET whose path goes to the server exactly as written: fetch() would resolve the dots first. */
function rawGet(path: string, token?: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('upload file names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\win.ini', 'win.ini'],
    ['/etc/shadow', 'shadow'],
    ['..', 'file'],
    ['....', 'file'],
    ['./.env', 'env'],
    ['%2e%2e%2fetc%2fpasswd', '%2e%2e%2fetc%2fpasswd'],
    ['nul\u0000byte.txt', 'nulbyte.txt'],
    ['report\u202Efdp.exe', 'reportfdp.exe'],
    ['zero\u200Bwidth.txt', 'zerowidth.txt'],
    ['C:\\Users\\me\\secret.txt', 'secret.txt'],
  ])('stores the name %j as %j and writes nothing outside the blob store', async (sent, stored) => {
    const res = await upload(server.url, alice.accessToken, textBytes('root:x:0:0\n'), sent);
    expect(res).toEqual({ status: 201, body: expect.objectContaining({ name: stored }) });
    const file = await download(server.url, (res.body as Attachment).url, alice.accessToken);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"/\\]*"; filename\*=UTF-8''[^/\\]*$/);
    onlyBlobsWritten();
  });
});

describe('ids and paths that point elsewhere', () => {
  it.each([
    ['/api/attachments/../../etc/passwd', 404, errorBody('not_found')],
    ['/api/attachments/..%2F..%2Fetc%2Fpasswd', 400, invalidRequest('params.id')],
    ['/api/attachments/%2e%2e', 400, invalidRequest('params.id')],
    ['/api/attachments/..%2F..%2Fparley.db/thumbnail', 400, invalidRequest('params.id')],
    ['/api/avatars/..%2F..%2Fparley.db', 400, invalidRequest('params.hash')],
    ['/api/avatars/../../../etc/passwd', 404, errorBody('not_found')],
    ['/api/avatars/%2e%2e%2f%2e%2e%2fjwt-secret', 400, invalidRequest('params.hash')],
  ])('answers GET %s with %i and serves no file from outside', async (path, status, body) => {
    const res = await rawGet(path, alice.accessToken);
    expect({ status: res.status, body: JSON.parse(res.text) as unknown }).toEqual({ status, body });
    expect(res.text).not.toContain('root:');
    expect((await api(server.url, 'GET', '/api/me', { token: alice.accessToken })).status).toBe(200);
  });

  it.each([
    ['/%2e%2e/%2e%2e/etc/passwd'],
    ['/..%2f..%2f..%2fetc%2fpasswd'],
    ['/assets/../../../../etc/passwd'],
    ['/assets/..%2f..%2f..%2f..%2fetc%2fpasswd'],
  ])('answers %s with not_found, never a file outside the web client', async (path) => {
    const res = await rawGet(path);
    expect(res.text).not.toContain('root:');
    expect({ path, status: res.status, body: JSON.parse(res.text) as unknown }).toEqual({ path, status: 404, body: errorBody('not_found') });
  });

  it("answers another user's unposted upload and its thumbnail with attachment_not_found", async () => {
    for (const path of [bobsFile.url, `${bobsFile.url}/thumbnail`]) {
      const res = await api(server.url, 'GET', path, { token: alice.accessToken });
      expect({ path, ...res }).toEqual({ path, status: 404, body: errorBody('attachment_not_found') });
    }
  });

  /** A multipart POST to /api/uploads with the given form. */
  const post = async (form: FormData) => {
    const res = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${alice.accessToken}` } });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const formWith = (name: string, value: string | Blob) => {
    const form = new FormData();
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, 'x.txt');
    return form;
  };
  it.each([
    ['JSON instead of multipart', () => api(server.url, 'POST', '/api/uploads', { token: alice.accessToken, body: { file: 'x' } })],
    ['the file in a part named something else', () => post(formWith('document', new Blob([textBytes()])))],
    ['no file at all', () => post(formWith('note', 'hello'))],
  ])('refuses an upload with %s, saying how to send it', async (_what, send) => {
    const res = await send();
    expect(res).toEqual({ status: 400, body: errorBody('invalid_request', 'Send the file as multipart/form-data with a part named "file"') });
    onlyBlobsWritten();
  });
});
