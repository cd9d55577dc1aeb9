/** Attachment bytes fetched once per session and shared by every place that shows them. */
export interface BlobCache {
  /** The blob at `url`: cached, joined to a fetch in flight, or fetched now. Failures are not kept. */
  get(url: string): Promise<Blob>;
  /** Stores a blob the client already has (a file it just uploaded), so showing it needs no download. */
  prime(url: string, blob: Blob): void;
  clear(): void;
}

interface Entry {
  promise: Promise<Blob>;
  /** Known once the blob arrived; counts against the byte budget. */
  size: number;
}

/**
 * A least-recently-used cache bounded by bytes. URLs are per attachment id and variant, and an
 * attachment never changes, so an entry never goes stale; it only ages out under the budget.
 */
export function createBlobCache(fetcher: (url: string) => Promise<Blob>, maxBytes = 64 * 1024 * 1024): BlobCache {
  const entries = new Map<string, Entry>();
  let total = 0;

  function evict(keep: string): void {
    for (const [url, entry] of entries) {
      if (total <= maxBytes) return;
      if (url === keep || entry.size === 0) continue;
      entries.delete(url);
      total -= entry.size;
    }
  }

  function settle(url: string, entry: Entry, blob: Blob): void {
    if (entries.get(url) !== entry) return;
    entry.size = blob.size;
    total += blob.size;
    evict(url);
  }

  return {
    get(url) {
      const held = entries.get(url);
      if (held) {
        // Map order is insertion order: re-inserting marks the entry as most recently used.
        entries.delete(url);
        entries.set(url, held);
        return held.promise;
      }
      const entry: Entry = { promise: fetcher(url), size: 0 };
      entries.set(url, entry);
      entry.promise.then(
        (blob) => settle(url, entry, blob),
        () => {
          if (entries.get(url) === entry) entries.delete(url);
        },
      );
      return entry.promise;
    },
    prime(url, blob) {
      const old = entries.get(url);
      if (old) {
        entries.delete(url);
        total -= old.size;
      }
      const entry: Entry = { promise: Promise.resolve(blob), size: 0 };
      entries.set(url, entry);
      settle(url, entry, blob);
    },
    clear() {
      entries.clear();
      total = 0;
    },
  };
}
