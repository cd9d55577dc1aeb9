import { AuthSession } from '@parley/protocol';
import { browserStore, readJson, writeJson, type KeyValueStore } from '../lib/key-value-store';

/** Where the tokens live. localStorage, so every tab shares one session and one refresh-token chain. */
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
  const parsed = AuthSession.safeParse(readJson(store, KEY));
  cached = parsed.success ? parsed.data : undefined;
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
