import type { AuthSession } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../lib/key-value-store';

// The session store binds to window.localStorage when first imported; give it one the test can read.
const storage = createMemoryStore();
vi.stubGlobal('window', { localStorage: storage });
const { SignedOutError } = await import('./api-error');
const { logout } = await import('./auth');
const { clearSession, readSession, writeSession } = await import('./session-store');
const { getAccessToken, refreshAccessToken, resumeSession } = await import('./token-refresh');

const user = { id: '7b1f7fa8-a693-4697-9a24-c4360f361b4c', username: 'ada', displayName: 'Ada', bio: '', statusText: '', createdAt: '2026-01-01T00:00:00.000Z' };
const session = (accessToken: string, expiresInMs: number): AuthSession => ({
  user,
  accessToken,
  accessTokenExpiresAt: new Date(Date.now() + expiresInMs).toISOString(),
  refreshTokenExpiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
});
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const unauthenticated = () => json(401, { error: { code: 'unauthenticated', message: 'Session expired or revoked; log in again' } });

/** The fetch calls made, as [url, init]. */
function stubFetch(...responses: Array<Response | Error>) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error('unexpected fetch');
    if (next instanceof Error) throw next;
    return next;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

beforeEach(() => {
  clearSession();
  // Node has no navigator; a tab over plain HTTP has no navigator.locks either.
  vi.stubGlobal('navigator', {});
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('refreshing the access token', () => {
  it('spends the HttpOnly cookie with a body-less same-origin POST and stores the new session without any refresh token', async () => {
    writeSession(session('old', -1000));
    const fetchMock = stubFetch(json(200, session('new', 900_000)));
    expect(await getAccessToken()).toBe('new');
    expect(fetchMock.mock.calls).toEqual([['/api/auth/refresh', { method: 'POST', credentials: 'same-origin' }]]);
    expect(readSession()?.accessToken).toBe('new');
    expect(storage.getItem('parley.session')).not.toContain('"refreshToken"');
  });

  it('signs out when the server refuses the cookie', async () => {
    writeSession(session('old', -1000));
    stubFetch(unauthenticated());
    await expect(refreshAccessToken('old')).rejects.toBeInstanceOf(SignedOutError);
    expect(readSession()).toBeUndefined();
  });

  it('keeps the session and reports a network failure as such, so a blip does not sign the user out', async () => {
    writeSession(session('old', -1000));
    stubFetch(new TypeError('Failed to fetch'));
    await expect(refreshAccessToken('old')).rejects.toMatchObject({ name: 'ApiError', code: 'network' });
    expect(readSession()?.accessToken).toBe('old');
  });

  it('sends one refresh for concurrent callers in a tab', async () => {
    writeSession(session('old', -1000));
    const fetchMock = stubFetch(json(200, session('new', 900_000)));
    expect(await Promise.all([refreshAccessToken('old'), refreshAccessToken('old'), getAccessToken()])).toEqual(['new', 'new', 'new']);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('uses the token another tab already rotated instead of spending the cookie again', async () => {
    writeSession(session('rotated-by-other-tab', 900_000));
    const fetchMock = stubFetch();
    expect(await refreshAccessToken('old')).toBe('rotated-by-other-tab');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('refreshes inside the cross-tab lock when the browser has one', async () => {
    const held: string[] = [];
    vi.stubGlobal('navigator', {
      locks: {
        request: async (name: string, fn: () => Promise<unknown>) => {
          held.push(name);
          return fn();
        },
      },
    });
    writeSession(session('old', -1000));
    stubFetch(json(200, session('new', 900_000)));
    expect(await refreshAccessToken('old')).toBe('new');
    expect(held).toEqual(['parley-refresh']);
  });
});

describe('resuming on start-up', () => {
  it('tries the cookie once when nothing is stored, and stores the session it gets', async () => {
    const fetchMock = stubFetch(json(200, session('resumed', 900_000)));
    await resumeSession();
    expect(fetchMock.mock.calls).toEqual([['/api/auth/refresh', { method: 'POST', credentials: 'same-origin' }]]);
    expect(readSession()?.accessToken).toBe('resumed');
  });

  it('stays signed out, without throwing, when there is no cookie or the server is unreachable', async () => {
    stubFetch(unauthenticated(), new TypeError('Failed to fetch'));
    const report = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await resumeSession();
    await resumeSession();
    expect(readSession()).toBeUndefined();
    expect(report).toHaveBeenCalledTimes(1);
    report.mockRestore();
  });

  it('does nothing when a session is stored (an expired one is refreshed on first use instead)', async () => {
    writeSession(session('stored', -1000));
    const fetchMock = stubFetch();
    await resumeSession();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('the stored session', () => {
  it('drops a refresh token an older client left in storage', () => {
    const legacy = JSON.stringify({ ...session('old', 900_000), refreshToken: 'legacy-secret' });
    storage.setItem('parley.session', legacy);
    expect(readSession()?.accessToken).toBe('old');
    expect(storage.getItem('parley.session')).not.toContain('legacy-secret');
  });
});

describe('logout', () => {
  it('forgets the session, then asks the server to revoke and clear the cookie', async () => {
    writeSession(session('live', 900_000));
    const fetchMock = stubFetch(new Response(null, { status: 204 }));
    await logout();
    expect(readSession()).toBeUndefined();
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/auth/logout');
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('authorization')).toBeNull();
    expect(init?.body).toBe('{}');
  });

  it('is signed out locally even when the server cannot be reached', async () => {
    writeSession(session('live', 900_000));
    stubFetch(new TypeError('Failed to fetch'));
    await expect(logout()).rejects.toMatchObject({ code: 'network' });
    expect(readSession()).toBeUndefined();
  });
});
