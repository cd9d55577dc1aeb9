import { AuthSession } from '@parley/protocol';
import { ApiError, SignedOutError } from './api-error';
import { parseError } from './parse-response';
import { reportError } from '../lib/report';
import { clearSession, readSession, writeSession } from './session-store';
import { noteSessionEnded } from '../features/profile/session-ended';

/** Refresh a little before expiry so a request rarely leaves with a token that dies in flight (the server allows TTLs down to 30 s). */
const EARLY_REFRESH_MS = 20_000;

let inFlight: Promise<string> | undefined;

/**
 * Runs `fn` while holding the cross-tab refresh lock. Every tab sends the same refresh cookie, and
 * rotating refresh tokens revoke the whole session when an old one is reused, so two tabs must never
 * refresh at once. navigator.locks exists only in secure contexts; over plain HTTP we fall back to
 * the in-tab guard alone.
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

/**
 * Spends the refresh cookie for a new session. The token itself is HttpOnly: the browser attaches
 * it (same origin, Path=/api/auth) and no script here ever sees it. Undefined when the server says
 * the session is over (401), after forgetting the stored one.
 */
async function spendRefreshCookie(): Promise<AuthSession | undefined> {
  let res: Response;
  try {
    res = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError('network', err instanceof Error ? err.message : 'network error', 0);
  }
  if (res.status === 401) {
    // A session this tab held was ended by the server (revoked, password changed elsewhere, expired):
    // noted before clearSession() shows the sign-in page, so that page can say so.
    if (readSession()) noteSessionEnded();
    clearSession();
    return undefined;
  }
  if (!res.ok) throw await parseError(res);
  const next = AuthSession.parse(await res.json());
  writeSession(next);
  return next;
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
 * tab already rotated it, its token is used and the cookie is not spent a second time.
 */
export function refreshAccessToken(staleToken: string): Promise<string> {
  inFlight ??= withRefreshLock(async () => {
    const current = readSession();
    if (!current) throw new SignedOutError();
    if (current.accessToken !== staleToken && isFresh(current)) return current.accessToken;
    const next = await spendRefreshCookie();
    if (!next) throw new SignedOutError();
    return next.accessToken;
  }).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

/**
 * On start-up with no stored session, tries the refresh cookie once: a reload after the stored
 * session was lost (storage cleared, another profile) resumes it instead of asking to sign in.
 * Never throws: any failure simply leaves the user signed out.
 */
export async function resumeSession(): Promise<void> {
  if (readSession()) return;
  try {
    await withRefreshLock(async () => {
      // Another tab may have resumed or signed in while this one waited for the lock.
      if (!readSession()) await spendRefreshCookie();
    });
  } catch (err) {
    // Offline or the server failing: the sign-in page is the right answer, and the user can retry from it.
    reportError('could not resume the session', err);
  }
}
