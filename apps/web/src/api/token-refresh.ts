import { AuthSession } from '@parley/protocol';
import { SignedOutError } from './api-error';
import { parseError } from './parse-response';
import { clearSession, readSession, writeSession } from './session-store';

/** Refresh a little before expiry so a request rarely leaves with a token that dies in flight (the server allows TTLs down to 30 s). */
const EARLY_REFRESH_MS = 20_000;

let inFlight: Promise<string> | undefined;

/**
 * Runs `fn` while holding the cross-tab refresh lock. Rotating refresh tokens revoke the whole
 * session when an old one is reused, so two tabs must never refresh at once. navigator.locks exists
 * only in secure contexts; over plain HTTP we fall back to the in-tab guard alone.
 */
async function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && 'locks' in navigator && navigator.locks) {
    return navigator.locks.request('parley-refresh', fn);
  }
  return fn();
}

function isFresh(session: AuthSession): boolean {
  return Date.parse(session.accessTokenExpiresAt) - Date.now() > EARLY_REFRESH_MS;
}

/** A usable access token, refreshing first if the stored one is (nearly) expired. */
export async function getAccessToken(): Promise<string> {
  const session = readSession();
  if (!session) throw new SignedOutError();
  if (isFresh(session)) return session.accessToken;
  return refreshAccessToken(session.accessToken);
}

/**
 * Replaces `staleToken` with a fresh one. Inside the lock the stored session is read again: if another
 * tab already rotated it, its token is used and our (now old) refresh token is never sent.
 */
export function refreshAccessToken(staleToken: string): Promise<string> {
  inFlight ??= withRefreshLock(async () => {
    const current = readSession();
    if (!current) throw new SignedOutError();
    if (current.accessToken !== staleToken && isFresh(current)) return current.accessToken;
    const res = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (res.status === 401) {
      clearSession();
      throw new SignedOutError();
    }
    if (!res.ok) throw await parseError(res);
    const next = AuthSession.parse(await res.json());
    writeSession(next);
    return next.accessToken;
  }).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}
