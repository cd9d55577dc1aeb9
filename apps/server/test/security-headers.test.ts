import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { registerUser } from './helpers/api.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { download, textBytes, uploaded } from './helpers/uploads.js';

/** The whole policy, spelled out: a directive loosened by accident fails here. */
const SPA_CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' blob: data:;connect-src 'self';font-src 'self';" +
  "object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'";

const PERMISSIONS_POLICY =
  'accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), ' +
  'microphone=(), midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()';

/** Headers every response carries, whatever route answers it. */
const EVERY_RESPONSE = {
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'permissions-policy': PERMISSIONS_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const webDir = mkdtempSync(join(tmpdir(), 'parley-web-'));
writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Parley</title><div id="root"></div>');

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ webDir });
});
afterAll(async () => {
  await server.close();
  rmSync(webDir, { recursive: true, force: true });
});

function pick(headers: Headers, names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((n) => [n, headers.get(n)]));
}

describe('security headers', () => {
  it('serves the web client with the strict Content-Security-Policy and no HSTS unless configured', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(SPA_CSP);
    expect(pick(res.headers, Object.keys(EVERY_RESPONSE))).toEqual(EVERY_RESPONSE);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it.each([
    ['a client-side route', '/rooms/some-room'],
    ['an API answer', '/api/me'],
    ['an unknown API path', '/api/nowhere'],
    ['the health probe', '/healthz'],
  ])('sets the same headers on %s', async (_what, path) => {
    const res = await fetch(server.url + path);
    expect(pick(res.headers, Object.keys(EVERY_RESPONSE))).toEqual(EVERY_RESPONSE);
    expect(res.headers.get('content-security-policy')).toBe(SPA_CSP);
  });

  it('keeps the sandboxing policy of attachment downloads', async () => {
    const alice = await registerUser(server.url, 'csp');
    const attachment = await uploaded(server.url, alice.accessToken, textBytes(), 'note.txt');
    const res = await download(server.url, `/api/attachments/${attachment.id}`, alice.accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(pick(res.headers, Object.keys(EVERY_RESPONSE))).toEqual(EVERY_RESPONSE);
  });

  it('lets the page open sockets to the allowed origins, as ws: or wss:', async () => {
    const other = await startServer({ webDir, allowedOrigins: ['https://chat.example.com', 'http://localhost:5173'] });
    try {
      const csp = (await fetch(`${other.url}/`)).headers.get('content-security-policy');
      expect(csp).toBe(SPA_CSP.replace("connect-src 'self'", "connect-src 'self' wss://chat.example.com ws://localhost:5173"));
    } finally {
      await other.close();
    }
  });

  it.each([
    [{ enabled: true }, 'max-age=15552000; includeSubDomains'],
    [{ enabled: true, maxAgeSeconds: 31_536_000, includeSubDomains: false }, 'max-age=31536000'],
  ])('sends Strict-Transport-Security when security.hsts is %j', async (hsts, expected) => {
    const other = await startServer({ webDir, security: { hsts } });
    try {
      for (const path of ['/', '/api/me']) {
        expect((await fetch(other.url + path)).headers.get('strict-transport-security')).toBe(expected);
      }
    } finally {
      await other.close();
    }
  });
});

describe('security.hsts config', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-hsts-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('reads PARLEY_HSTS and PARLEY_HSTS_MAX_AGE', () => {
    const config = loadConfig({ env: { PARLEY_HSTS: 'true', PARLEY_HSTS_MAX_AGE: '63072000' }, cwd });
    expect(config.security).toEqual({ hsts: { enabled: true, maxAgeSeconds: 63_072_000, includeSubDomains: true } });
  });

  it.each([
    [{ PARLEY_HSTS: 'on' }, /^config: security\.hsts\.enabled .+ \(from PARLEY_HSTS\)$/],
    [{ PARLEY_HSTS_MAX_AGE: '-1' }, /^config: security\.hsts\.maxAgeSeconds .+ \(from PARLEY_HSTS_MAX_AGE\)$/],
    [{ PARLEY_HSTS_MAX_AGE: '1.5' }, /^config: security\.hsts\.maxAgeSeconds .+ \(from PARLEY_HSTS_MAX_AGE\)$/],
  ])('stops start-up on %j, naming the key and the variable', (env, message) => {
    expect(() => loadConfig({ env, cwd })).toThrow(ConfigError);
    expect(() => loadConfig({ env, cwd })).toThrow(message);
  });
});
