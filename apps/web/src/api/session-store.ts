import { AuthSession } from '@parley/protocol';
import { browserStore, readJson, writeJson, type KeyValueStore } from '../lib/key-value-store';

/**
 * Where the access token and user live: localStorage, so every tab shares one session. The refresh
 * token is not here: it is an HttpOnly cookie no script can read.
 */
const KEY = 'parley.session';

const store: KeyValueStore = browserStore();
const listeners = new Set<() => void>();
let cachedRaw: string | null | undefined;
let cached: AuthSession | undefined;

function notify(): void {
  for (const l of listeners) l();
}

/** The stored session, parsed once per distinct stored value (storage is outside input, so it is checked). */
export function readSession(): AuthSession | undefined {
  const raw = store.getItem(KEY);
  if (raw === cachedRaw) return cached;
  cachedRaw = raw;
  const stored = readJson(store, KEY);
  const parsed = AuthSession.safeParse(stored);
  cached = parsed.success ? parsed.data : undefined;
  // Clients before the refresh cookie stored the refresh token here: never leave it script-readable.
  if (cached && typeof stored === 'object' && stored !== null && 'refreshToken' in stored) {
    writeJson(store, KEY, cached);
    cachedRaw = store.getItem(KEY);
  }
  return cached;
}

export function writeSession(session: AuthSession): void {
  writeJson(store, KEY, session);
  notify();
}

/** Replaces the signed-in user's profile (after an avatar change), keeping the tokens. */
export function updateSessionUser(user: AuthSession['user']): void {
  const session = readSession();
  if (session?.user.id === user.id) writeSession({ ...session, user });
}

export function clearSession(): void {
  store.removeItem(KEY);
  notify();
}

/** Calls `listener` when this tab or another one changes the session (login, refresh, logout). */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}
