import { randomBytes } from 'node:crypto';
import type { AuditPage, Me, PasswordResetAnswer } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from './helpers/api.js';
import { errorBody, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';

let now = Date.now();
let server: TestServer;
let admin: Account;
beforeAll(async () => {
  server = await startServer({}, { clock: () => now });
  admin = await registerUser(server.url, 'admin'); // the first account is the instance admin
});
afterAll(async () => {
  await server?.close();
});

const NEW_PASSWORD = 'a brand new passphrase';
const reset = (userId: string, mode: 'link' | 'temporary') =>
  fetch(`${server.url}/api/admin/users/${userId}/password-reset`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
const answer = async (userId: string, mode: 'link' | 'temporary') => (await (await reset(userId, mode)).json()) as PasswordResetAnswer;
const tokenOf = (a: PasswordResetAnswer) => (a.mode === 'link' ? a.link.slice('/reset-password#'.length) : '');
const redeem = (token: string, newPassword = NEW_PASSWORD) => api(server.url, 'POST', '/api/auth/password-reset', { body: { token, newPassword } });
const login = (username: string, password: string) => api<{ accessToken: string }>(server.url, 'POST', '/api/auth/login', { body: { username, password } });
const me = (token: string) => api<Me>(server.url, 'GET', '/api/me', { token });
const lastReset = async (userId: string) =>
  (await api<AuditPage>(server.url, 'GET', `/api/admin/audit?action=admin.password_reset&userId=${userId}&limit=1`, { token: admin.accessToken })).body.entries[0];

describe('a temporary password', () => {
  it('replaces the password, ends every session and must be changed at the next sign-in', async () => {
    const user = await registerUser(server.url, 'temp');
    const res = await reset(user.user.id, 'temporary');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as PasswordResetAnswer;
    expect(body).toEqual({ mode: 'temporary', temporaryPassword: expect.stringMatching(/^[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){4}$/) });
    const temporary = body.mode === 'temporary' ? body.temporaryPassword : '';
    expect((await me(user.accessToken)).status).toBe(401);
    expect((await login(user.user.username, user.password)).status).toBe(401);
    const signedIn = await login(user.user.username, temporary);
    expect((await me(signedIn.body.accessToken)).body.passwordChangeRequired).toBe(true);
    expect(await lastReset(user.user.id)).toMatchObject({ actor: { id: admin.user.id }, target: { id: user.user.id }, details: { mode: 'temporary', sessionsEnded: 1 } });
    expect(JSON.stringify(await lastReset(user.user.id))).not.toContain(temporary);

    const changed = await api(server.url, 'PATCH', '/api/me', { token: signedIn.body.accessToken, body: { currentPassword: temporary, newPassword: NEW_PASSWORD } });
    expect(changed.status).toBe(200);
    expect((await me(signedIn.body.accessToken)).body.passwordChangeRequired).toBe(false);
  });

  it('differs every time', async () => {
    const user = await registerUser(server.url, 'again');
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const a = await answer(user.user.id, 'temporary');
      if (a.mode === 'temporary') seen.add(a.temporaryPassword);
    }
    expect(seen.size).toBe(3);
  });
});

describe('a reset link', () => {
  it('sets a new password once, ends every session, and is refused after that', async () => {
    const user = await registerUser(server.url, 'linked');
    const link = await answer(user.user.id, 'link');
    expect(link).toEqual({ mode: 'link', link: expect.stringMatching(/^\/reset-password#[\w-]{43}$/), expiresAt: new Date(now + 3_600_000).toISOString() });
    expect(await lastReset(user.user.id)).toMatchObject({ target: { id: user.user.id }, details: { mode: 'link', sessionsEnded: 1 } });
    expect((await me(user.accessToken)).status).toBe(401);
    expect(await redeem(tokenOf(link))).toEqual({ status: 204, body: undefined });
    const signedIn = await login(user.user.username, NEW_PASSWORD);
    expect(signedIn.status).toBe(200);
    expect((await me(signedIn.body.accessToken)).body.passwordChangeRequired).toBe(false);
    expect(await redeem(tokenOf(link), 'yet another passphrase')).toEqual({ status: 400, body: errorBody('reset_token_invalid') });
    expect((await login(user.user.username, NEW_PASSWORD)).status).toBe(200);
  });

  it('answers an unknown, a used, an expired and a replaced link alike', async () => {
    const user = await registerUser(server.url, 'alike');
    const old = await answer(user.user.id, 'link');
    const newer = await answer(user.user.id, 'link');
    expect(await redeem(tokenOf(old))).toEqual({ status: 400, body: errorBody('reset_token_invalid') });
    expect(await redeem(randomBytes(32).toString('base64url'))).toEqual({ status: 400, body: errorBody('reset_token_invalid') });
    now += 3_600_001;
    try {
      expect(await redeem(tokenOf(newer))).toEqual({ status: 400, body: errorBody('reset_token_invalid') });
    } finally {
      now -= 3_600_001;
    }
    expect(await redeem(tokenOf(newer))).toEqual({ status: 204, body: undefined });
  });

  it('keeps the link usable after a password the policy refuses', async () => {
    const user = await registerUser(server.url, 'weak');
    const link = await answer(user.user.id, 'link');
    expect(await redeem(tokenOf(link), user.user.username)).toEqual({ status: 400, body: errorBody('weak_password') });
    expect(await redeem(tokenOf(link), 'password')).toEqual({ status: 400, body: errorBody('weak_password') });
    expect(await redeem(tokenOf(link))).toEqual({ status: 204, body: undefined });
  });

  it("refuses a disabled account's link like an unknown one", async () => {
    const user = await registerUser(server.url, 'disabled');
    const link = await answer(user.user.id, 'link');
    await api(server.url, 'PATCH', `/api/admin/users/${user.user.id}`, { token: admin.accessToken, body: { disabled: true } });
    expect(await redeem(tokenOf(link))).toEqual({ status: 400, body: errorBody('reset_token_invalid') });
    expect((await login(user.user.username, NEW_PASSWORD)).status).toBe(401);
  });

  it('lets one of two redemptions racing win', async () => {
    const user = await registerUser(server.url, 'race');
    const token = tokenOf(await answer(user.user.id, 'link'));
    const results = await Promise.all([redeem(token, 'first racer passphrase'), redeem(token, 'second racer passphrase')]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 400]);
  });

  it('answers 404 user_not_found for an unknown user and 400 for an unknown mode', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await reset(unknown, 'link')).status).toBe(404);
    const res = await api(server.url, 'POST', `/api/admin/users/${admin.user.id}/password-reset`, { token: admin.accessToken, body: { mode: 'email' } });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
  });
});

describe('redeeming under the login throttle', () => {
  it('refuses guesses past the login limit per client address with 429', async () => {
    const tight = await startServer({ rateLimits: { login: { windowSeconds: 60, perIp: { free: 2, max: 3 }, perUsername: { free: 100, max: 200 } }, delay: { baseMs: 10, maxMs: 20, maxWaiting: 1000 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await api(tight.url, 'POST', '/api/auth/password-reset', { body: { token: randomBytes(32).toString('base64url'), newPassword: NEW_PASSWORD } });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    } finally {
      await tight.close();
    }
  });
});
