import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from '../../apps/server/test/helpers/api.js';
import { startServer, type TestServer } from '../../apps/server/test/helpers/start-server.js';
import { download, sha256, uploaded } from '../../apps/server/test/helpers/uploads.js';
import { TestClient, connect } from '../../apps/server/test/helpers/ws-client.js';
import { COMPOSE_CONFIG_PATH, renderComposeConfig, renderSite } from '../nginx/render.mjs';
import { NGINX, freePort, nginxArgs, startNginx, writeNginxConfig, type RunningNginx } from './helpers/nginx.js';

describe('nginx template', () => {
  it('matches the checked-in compose config (run `node deploy/nginx/render.mjs` after editing the template)', () => {
    expect(readFileSync(COMPOSE_CONFIG_PATH, 'utf8')).toBe(renderComposeConfig());
  });

  it('lists every upstream and the listen address, with no placeholder left', () => {
    const site = renderSite({ upstreams: ['10.0.0.1:8000', 'parley2:8000'], listen: '127.0.0.1:9000' });
    expect(site).toContain('    server 10.0.0.1:8000 max_fails=0;\n    server parley2:8000');
    expect(site).toContain('listen 127.0.0.1:9000;');
    expect(site).not.toMatch(/\{\{\w+\}\}/);
  });

  it('refuses an address that would inject directives', () => {
    expect(() => renderSite({ upstreams: ['a:1; include /etc/passwd'], listen: '80' })).toThrow(/suspicious/);
    expect(() => renderSite({ upstreams: [], listen: '80' })).toThrow(/at least one upstream/);
  });

  it('keeps WebSocket timeouts above the 25 s ping interval and the body limit above 25 MiB', () => {
    const site = renderSite({ upstreams: ['a:1'], listen: '80' });
    const seconds = (name: string) => Number(new RegExp(`${name} (\\d+)s;`).exec(site)?.[1]);
    expect(seconds('proxy_read_timeout')).toBeGreaterThan(25);
    expect(seconds('proxy_send_timeout')).toBeGreaterThan(25);
    expect(Number(/client_max_body_size (\d+)m;/.exec(site)?.[1]) * 1024 * 1024).toBeGreaterThan(25 * 1024 * 1024);
    const directives = site.replace(/#.*$/gm, '');
    // Sticky sessions would hide a cross-instance fan-out bug and unbalance rolling restarts.
    expect(directives).not.toMatch(/\b(ip_hash|hash|sticky)\b/);
    expect(directives).not.toContain('non_idempotent');
  });
});

describe.skipIf(NGINX === undefined)('nginx in front of a real Parley server', () => {
  let server: TestServer;
  let nginx: RunningNginx;
  beforeAll(async () => {
    server = await startServer();
    nginx = await startNginx([new URL(server.url).host]);
  });
  afterAll(async () => {
    await nginx?.stop();
    await server?.close();
  });

  it('accepts the rendered config in nginx -t', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-nginx-t-'));
    try {
      const config = writeNginxConfig(dir, { upstreams: ['127.0.0.1:9', '127.0.0.1:10'], listen: '127.0.0.1:8080' });
      const out = execFileSync(NGINX!, ['-t', ...nginxArgs(dir, config)], { encoding: 'utf8', stdio: 'pipe' });
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('proxies the API with one copy of each security header', async () => {
    const res = await fetch(`${nginx.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    // The server's own values, once each: a second copy from nginx would show up joined with ", ".
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain(', ');
    expect(res.headers.get('server')).toBe('nginx');
  });

  it('compresses JSON responses for clients that accept gzip', async () => {
    const alice = await registerUser(nginx.url, 'gzip');
    for (let i = 0; i < 8; i++) await createRoom(nginx.url, alice.accessToken, { name: `gzip room ${i}`, description: 'x'.repeat(200) });
    const res = await fetch(`${nginx.url}/api/rooms`, { headers: { authorization: `Bearer ${alice.accessToken}`, 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(((await res.json()) as { rooms: unknown[] }).rooms.length).toBeGreaterThanOrEqual(8);
  });

  it('never serves /metrics to the outside', async () => {
    const res = await fetch(`${nginx.url}/metrics`);
    expect(res.status).toBe(403);
  });

  it('rejects a body over 26 MiB before it reaches an instance', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${nginx.url}/api/uploads`, { method: 'POST', headers: { 'content-length': String(27 * 1024 * 1024) } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });

  it('streams a multi-megabyte upload in and the same bytes back out', async () => {
    // Large enough to pass nginx's in-memory buffers, so its temp paths must be usable too.
    const bytes = randomBytes(6 * 1024 * 1024);
    const alice = await registerUser(nginx.url, 'big');
    const attachment = await uploaded(nginx.url, alice.accessToken, bytes, 'big.bin');
    const res = await download(nginx.url, `/api/attachments/${attachment.id}`, alice.accessToken);
    expect(res.status).toBe(200);
    expect(res.bytes.length).toBe(bytes.length);
    expect(sha256(res.bytes)).toBe(sha256(bytes));
  });

  it('carries a same-origin browser WebSocket to the server and back', async () => {
    const alice = await registerUser(nginx.url, 'alice');
    const bob = await registerUser(server.url, 'bob');
    const room = await createRoom(nginx.url, alice.accessToken);
    await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken, body: {} });
    // The Origin is nginx's own, so this only passes if nginx forwards Host with its port.
    const viaNginx = new TestClient(nginx.wsUrl, { origin: nginx.url });
    await viaNginx.opened;
    viaNginx.send({ type: 'session.hello', token: alice.accessToken, subscriptions: [{ roomId: room.id }] });
    await viaNginx.next('session.ready');
    await viaNginx.next('room.subscribed');
    const direct = await connect(server.wsUrl, bob.accessToken, [{ roomId: room.id }]);
    await direct.next('room.subscribed');

    const ack = await viaNginx.request({ type: 'message.send', roomId: room.id, clientMsgId: 'through-nginx', body: 'hello' });
    expect(ack).toMatchObject({ type: 'message.acked', clientMsgId: 'through-nginx', duplicate: false });
    const created = await direct.next('message.created', (f) => f.message.clientMsgId === 'through-nginx');
    expect(created.message).toMatchObject({ body: 'hello', sender: { id: alice.user.id } });
    await direct.request({ type: 'message.send', roomId: room.id, clientMsgId: 'back', body: 'hi' });
    await viaNginx.next('message.created', (f) => f.message.clientMsgId === 'back');
    await Promise.all([viaNginx.close(), direct.close()]);
  });

  it('moves idempotent requests past an instance that is down', async () => {
    const deadPort = await freePort();
    const spare = await startNginx([`127.0.0.1:${deadPort}`, new URL(server.url).host]);
    try {
      for (let i = 0; i < 6; i++) expect((await fetch(`${spare.url}/healthz`)).status).toBe(200);
    } finally {
      await spare.stop();
    }
  });
});

describe.skipIf(NGINX === undefined)('nginx and trustProxy', () => {
  it('hands the instances the address nginx saw, so a client cannot dodge per-IP limits with X-Forwarded-For', async () => {
    const limits = { rest: { perUser: { max: 100, windowSeconds: 60 }, perIp: { max: 2, windowSeconds: 60 } } };
    const server = await startServer({ trustProxy: ['loopback'], rateLimits: limits });
    const proxy = await startNginx([new URL(server.url).host]);
    try {
      const refresh = (forwardedFor: string) =>
        fetch(`${proxy.url}/api/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: JSON.stringify({ refreshToken: 'nope' }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }));
      expect((await refresh('203.0.113.1')).status).not.toBe(429);
      expect((await refresh('203.0.113.2')).status).not.toBe(429);
      expect(await refresh('203.0.113.3')).toEqual({ status: 429, body: { error: { code: 'rate_limited', message: expect.any(String) } } });
    } finally {
      await proxy.stop();
      await server.close();
    }
  });
});
