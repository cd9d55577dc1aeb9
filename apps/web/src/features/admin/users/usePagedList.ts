import { useCallback, useEffect, useRef, useState } from 'react';
import { useErrorText } from '../../../components/useErrorText';

/** One page of a keyset-paged admin list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  items: T[];
  status: 'loading' | 'idle';
  error: string | undefined;
  hasMore: boolean;
  loadMore(): void;
  /** Starts again from the first page (after a change that may move rows between filters). */
  reload(): void;
  /** Swaps in a changed row (matched by `id`) without reloading. */
  replace(item: T): void;
  remove(id: string): void;
}

/**
 * A "Load more" list over a keyset cursor. A new `load` (the query or filter changed) starts from the
 * first page; answers to an older query are dropped, so fast typing never shows a stale page.
 */
export function usePagedList<T extends { id: string }>(load: (cursor?: string) => Promise<Page<T>>): PagedList<T> {
  const errorText = useErrorText();
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'idle'>('loading');
  const [error, setError] = useState<string | undefined>();
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  const fetchPage = useCallback(
    (after: string | undefined, append: boolean) => {
      const ticket = ++latest.current;
      setStatus('loading');
      setError(undefined);
      load(after).then(
        (page) => {
          if (ticket !== latest.current) return;
          setItems((prev) => (append ? [...prev, ...page.items.filter((i) => !prev.some((p) => p.id === i.id))] : page.items));
          setCursor(page.nextCursor);
          setStatus('idle');
        },
        (err: unknown) => {
          if (ticket !== latest.current) return;
          setError(errorText(err));
          setStatus('idle');
        },
      );
    },
    [load, errorText],
  );

  useEffect(() => {
    fetchPage(undefined, false);
  }, [fetchPage, generation]);

  return {
    items,
    status,
    error,
    hasMore: cursor !== null,
    loadMore: () => {
      if (cursor !== null && status === 'idle') fetchPage(cursor, true);
    },
    reload: () => setGeneration((g) => g + 1),
    replace: (item) => setItems((prev) => prev.map((p) => (p.id === item.id ? item : p))),
    remove: (id) => setItems((prev) => prev.filter((p) => p.id !== id)),
  };
}
