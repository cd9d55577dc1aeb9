import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuthSession } from '@parley/protocol';
import { createLogger } from '../src/lib/logger.js';
import { api, createRoom, registerUserWithCookie } from './helpers/api.js';
import { authPost, cookieOf, refreshWith } from './helpers/refresh-cookie.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

/** Collects every log line the server writes. */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  lines(): Array<Record<string, unknown>> {
    return this.text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

let logs: LogCapture;
let server: TestServer;
beforeAll(async () => {
  logs = new LogCapture();
  server = await startServer({}, { logStream: logs });
});
afterAll(async () => {
  await server?.close();
});

it('never writes a password, access token or refresh token to the logs, and tags request lines with reqId', async () => {
  const alice = await registerUserWithCookie(server.url, 'logs');
  const login = await authPost<AuthSession>(server.url, '/api/auth/login', { body: { username: alice.user.username, password: alice.password } });
  expect(login.status).toBe(200);
  const refreshed = await refreshWith<AuthSession>(server.url, cookieOf(login));
  expect(refreshed.status).toBe(200);
  const newPassword = 'a whole new secret phrase';
  const changed = await api(server.url, 'PATCH', '/api/me', {
    token: refreshed.body.accessToken,
    body: { currentPassword: alice.password, newPassword },
  });
  expect(changed.status).toBe(200);
  // A wrong password and a malformed body are where a careless error log would echo the input.
  await api(server.url, 'POST', '/api/auth/login', { body: { username: alice.user.username, password: 'wrong-but-secret-guess' } });
  await api(server.url, 'POST', '/api/auth/refresh', { rawBody: '{"broken', headers: { cookie: `parley_refresh=${cookieOf(refreshed)}; session=cookie-secret` } });
  const relogin = await authPost<AuthSession>(server.url, '/api/auth/login', { body: { username: alice.user.username, password: newPassword } });
  const room = await createRoom(server.url, relogin.body.accessToken, { name: 'logs' });
  const ws = await connect(server.wsUrl, relogin.body.accessToken, [{ roomId: room.id }]);
  await ws.request({ type: 'message.send', roomId: room.id, clientMsgId: 'c1', kind: 'text', body: 'hello' });
  await ws.close();
  for (const probe of ['/healthz', '/readyz', '/healthz']) expect((await fetch(`${server.url}${probe}`)).status).toBe(200);
  // The listener is closed before the assertions so the last response lines are written.
  await server.close();

  const secrets = [
    alice.password,
    newPassword,
    'wrong-but-secret-guess',
    'cookie-secret',
    alice.accessToken,
    alice.refreshToken,
    login.body.accessToken,
    cookieOf(login),
    refreshed.body.accessToken,
    cookieOf(refreshed),
    relogin.body.accessToken,
    cookieOf(relogin),
  ];
  expect(logs.text.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(logs.text).not.toContain(secret);

  const requestLines = logs.lines().filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');
  expect(requestLines.length).toBeGreaterThanOrEqual(10);
  for (const line of requestLines) expect(line.reqId).toEqual(expect.any(String));
  // Probes every few seconds would drown everything else: they are not logged per request.
  const probed = requestLines.filter((l) => /\/(healthz|readyz)/.test(JSON.stringify(l)));
  expect(probed).toEqual([]);
});

it('redacts credential headers and fields wherever a log call puts them', () => {
  const out = new LogCapture();
  const log = createLogger('info', out);
  log.info({ req: { headers: { authorization: 'Bearer abc', cookie: 'sid=abc' } }, res: { headers: { 'set-cookie': 'sid=abc' } } }, 'headers');
  log.info({ body: { password: 'abc', currentPassword: 'abc', newPassword: 'abc' }, token: 'abc', session: { accessToken: 'abc', refreshToken: 'abc' } }, 'fields');
  expect(out.text).not.toContain('abc');
  expect(out.lines().map((l) => l.msg)).toEqual(['headers', 'fields']);
});

it('logs a request line without the credential a client wrongly put in the query string', async () => {
  const out = new LogCapture();
  const s = await startServer({}, { logStream: out });
  try {
    const bob = await registerUserWithCookie(s.url, 'query');
    const q = (v: string) => encodeURIComponent(v);
    const res = await api(s.url, 'GET', `/api/rooms?access_token=${q(bob.accessToken)}&token=${q(bob.refreshToken)}&password=${q(bob.password)}&x=1`);
    expect(res.status).toBe(401);
    const line = out.lines().find((l) => (l.req as { url?: string } | undefined)?.url?.startsWith('/api/rooms?'));
    expect((line?.req as { url: string }).url).toBe('/api/rooms?access_token=[redacted]&token=[redacted]&password=[redacted]&x=1');
    for (const secret of [bob.accessToken, bob.refreshToken, q(bob.password)]) expect(out.text).not.toContain(secret);
    // A search query is what people say in their rooms: kept out of the log too.
    expect((await api(s.url, 'GET', `/api/search?q=${q('prod password 数据库')}`, { token: bob.accessToken })).status).toBe(200);
    expect(out.lines().some((l) => (l.req as { url?: string } | undefined)?.url === '/api/search?q=[redacted]')).toBe(true);
    expect(out.text).not.toContain(q('prod password 数据库'));
  } finally {
    await s.close();
  }
});

it('echoes a safe incoming x-request-id and replaces an unsafe one', async () => {
  const s = await startServer();
  try {
    const kept = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'edge-42.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-42.abc');
    const replaced = await fetch(`${s.url}/api/nope`, { headers: { 'x-request-id': 'evil id\twith "quotes"' } });
    expect(replaced.status).toBe(404);
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  } finally {
    await s.close();
  }
});
