import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/start-server.js';

let server: TestServer;
let webDir: string;
beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'parley-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Parley</title>');
  writeFileSync(join(webDir, 'assets', 'app-1.js'), 'export {};');
  server = await startServer({ webDir });
});
afterAll(async () => {
  await server.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('serving the web client', () => {
  it('serves index.html for client-side routes so a reload keeps the page', async () => {
    const res = await fetch(`${server.url}/invite/abc`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves fingerprinted assets as immutable', async () => {
    const res = await fetch(`${server.url}/assets/app-1.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers a missing asset with a JSON 404, not the page', async () => {
    for (const path of ['/assets/gone.js', '/favicon-missing.png']) {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('serves a file added after start-up (a rebuild without a restart)', async () => {
    writeFileSync(join(webDir, 'assets', 'app-2.js'), 'export const v = 2;');
    const res = await fetch(`${server.url}/assets/app-2.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('export const v = 2;');
  });

  it('keeps unknown API routes as JSON 404s', async () => {
    const res = await fetch(`${server.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /api/nope' } });
  });
});
