/** The part of the Web Storage API the client uses; tests pass an in-memory one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Reads JSON, or undefined when the key is missing or the stored text is not JSON. */
export function readJson(store: KeyValueStore, key: string): unknown {
  const raw = store.getItem(key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // A hand-edited or truncated value is treated as absent rather than breaking start-up.
    return undefined;
  }
}

/** Writes JSON; a full or disabled storage (private mode, quota) is reported, not thrown. */
export function writeJson(store: KeyValueStore, key: string, value: unknown): boolean {
  try {
    store.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** localStorage, or an in-memory stand-in where storage is blocked (some privacy modes throw on access). */
export function browserStore(): KeyValueStore {
  try {
    const s = window.localStorage;
    s.getItem('parley.probe');
    return s;
  } catch {
    return createMemoryStore();
  }
}

export function createMemoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}
