import { afterEach, describe, expect, it, vi } from 'vitest';
import { onceNote } from './once-note';

function fakeStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

describe('a note for the next page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is read once, then gone', () => {
    vi.stubGlobal('sessionStorage', fakeStorage());
    const note = onceNote('parley.test');
    expect(note.take()).toBe(false);
    note.note();
    expect(note.take()).toBe(true);
    expect(note.take()).toBe(false);
  });

  it('keeps notes of different keys apart', () => {
    vi.stubGlobal('sessionStorage', fakeStorage());
    onceNote('parley.a').note();
    expect(onceNote('parley.b').take()).toBe(false);
    expect(onceNote('parley.a').take()).toBe(true);
  });

  it('notes nothing and shows nothing when storage is disabled', () => {
    const refuse = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    vi.stubGlobal('sessionStorage', { getItem: refuse, setItem: refuse, removeItem: refuse });
    const note = onceNote('parley.test');
    expect(() => note.note()).not.toThrow();
    expect(note.take()).toBe(false);
  });
});
