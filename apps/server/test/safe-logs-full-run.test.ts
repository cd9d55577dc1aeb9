import { Writable } from 'node:stream';
import type { AuthSession, Room } from '@parley/protocol';
import { expect, it } from 'vitest';
import { api, createRoom, registerUserWithCookie } from './helpers/api.js';
import { authPost, cookieOf, refreshWith } from './helpers/refresh-cookie.js';
import { startServer } from './helpers/start-server.js';
import { download, png, textBytes, upload, uploaded } from './helpers/uploads.js';
import { connect, TestClient } from './helpers/ws-client.js';

/** Every byte the server logs, at trace level. */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

// safe-logs.test.ts checks the auth routes and the redaction paths; this one runs a whole session of
// everything a user does, at trace level, and greps every log line for every secret it handled.
it('logs no password, access token, refresh token, cookie, invite code or JWT secret in a full scripted run at trace level', async () => {
  const logs = new LogCapture();
  const server = await startServer({ logLevel: 'trace' }, { logStream: logs });
  const secrets: string[] = [server.config.jwtSecret];
  const keep = (...values: string[]) => secrets.push(...values);
  try {
    const alice = await registerUserWithCookie(server.url, 'fullrun');
    const bob = await registerUserWithCookie(server.url, 'fullrun');
    keep(alice.password, alice.accessToken, alice.refreshToken, bob.accessToken, bob.refreshToken);

    // Logins: right, wrong and for nobody; then a refresh, a replay of the rotated cookie, and one garbled.
    const login = await authPost<AuthSession>(server.url, '/api/auth/login', {
      body: { username: alice.user.username, password: alice.password },
      headers: { 'user-agent': 'full-run-agent' },
    });
    keep(login.body.accessToken, cookieOf(login));
    for (const [username, password] of [[alice.user.username, 'wrong-guess-secret-1'], ['nobody-at-all', 'wrong-guess-secret-2']] as const) {
      expect((await authPost(server.url, '/api/auth/login', { body: { username, password } })).status).toBe(401);
      keep(password);
    }
    const refreshed = await refreshWith<AuthSession>(server.url, cookieOf(login));
    keep(refreshed.body.accessToken, cookieOf(refreshed));
    expect((await refreshWith(server.url, cookieOf(login))).status).toBe(401);
    const fresh = await authPost<AuthSession>(server.url, '/api/auth/login', { body: { username: alice.user.username, password: alice.password } });
    const token = fresh.body.accessToken;
    keep(token, cookieOf(fresh));
    await api(server.url, 'GET', '/api/me', { headers: { authorization: 'Bearer forged.token-secret.value', cookie: 'parley_refresh=cookie-secret-value' } });
    keep('forged.token-secret.value', 'cookie-secret-value');

    // Rooms, an invite used by bob, uploads (file, image, avatar), downloads with a Range.
    const room = await createRoom(server.url, token, { name: 'full run', visibility: 'private' });
    const invite = await api<{ code: string }>(server.url, 'POST', `/api/rooms/${room.id}/invites`, { token, body: {} });
    keep(invite.body.code);
    expect((await api<Room>(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken, body: { inviteCode: invite.body.code } })).status).toBe(200);
    expect((await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken, body: { inviteCode: 'wrong-invite-secret' } })).status).toBe(200);
    const file = await uploaded(server.url, token, textBytes('file body'), 'notes.txt');
    const image = await uploaded(server.url, token, await png(40, 30), 'pic.png');
    expect((await upload(server.url, token, await png(80, 80), 'me.png', '/api/me/avatar', 'PUT')).status).toBe(200);
    expect((await download(server.url, file.url, token, { range: 'bytes=0-3' })).status).toBe(206);

    // The socket: a refused hello, then a real one, messages, typing, a bad frame.
    const refused = new TestClient(server.wsUrl);
    await refused.opened;
    refused.send({ type: 'session.hello', token: 'socket-forged-secret' });
    keep('socket-forged-secret');
    expect(await refused.closed).toBe(4401);
    const ws = await connect(server.wsUrl, token, [{ roomId: room.id }]);
    await ws.request({ type: 'message.send', roomId: room.id, clientMsgId: 'm1', body: 'hello' });
    await ws.request({ type: 'message.send', roomId: room.id, clientMsgId: 'm2', kind: 'file', attachmentIds: [file.id, image.id] });
    ws.send({ type: 'typing.start', roomId: room.id });
    ws.sendRaw(`{"type":"session.hello","token":"${token}"`);
    await ws.next('error');

    // Password change, sessions, log out everywhere, logout.
    const newPassword = 'a brand new secret phrase';
    keep(newPassword);
    expect((await api(server.url, 'PATCH', '/api/me', { token, body: { currentPassword: alice.password, newPassword } })).status).toBe(200);
    const sessions = await api<{ sessions: Array<{ id: string }> }>(server.url, 'GET', '/api/me/sessions', { token });
    expect(sessions.status).toBe(200);
    const bobLogin = await authPost<AuthSession>(server.url, '/api/auth/login', { body: { username: bob.user.username, password: bob.password } });
    keep(bobLogin.body.accessToken, cookieOf(bobLogin));
    expect((await api(server.url, 'POST', '/api/me/sessions/revoke-all', { token: bobLogin.body.accessToken, body: { includeCurrent: false } })).status).toBe(200);
    expect((await authPost(server.url, '/api/auth/logout', { refreshToken: cookieOf(bobLogin) })).status).toBe(204);
    await ws.close();
  } finally {
    // Closed before the grep, so the last response lines are written.
    await server.close();
  }

  expect(logs.text.split('\n').length).toBeGreaterThan(50);
  expect(logs.text).toContain('"level":10'); // trace lines were really captured
  // On failure, name the log message that carried each secret, so the fix is easy to find.
  const lines = logs.text.split('\n');
  const leaked = [...new Set(secrets)].flatMap((secret) => lines.filter((l) => l.includes(secret)).map((l) => ({ secret, line: l.slice(0, 300) })));
  expect(leaked).toEqual([]);
});
