import { useCallback, useEffect, useRef, useState } from 'react';
import type { SearchResult } from '@parley/protocol';
import { isApiError } from '../../api/api-error';
import { reportError } from '../../lib/report';
import { searchMessages } from './search-api';
import { isSearchable, normalizeQuery } from './snippet-segments';

/** Typing pauses this long before a query goes out, so each keystroke does not cost a request. */
export const SEARCH_DEBOUNCE_MS = 250;

export type SearchStatus = 'idle' | 'loading' | 'done' | 'error';

export interface MessageSearch {
  status: SearchStatus;
  /** The normalised query the results answer. */
  query: string;
  results: readonly SearchResult[];
  hasMore: boolean;
  loadingMore: boolean;
  error: unknown;
  loadMore(): void;
  retry(): void;
}

interface Answer {
  query: string;
  results: readonly SearchResult[];
  nextBefore: string | null;
}

/**
 * Debounced search as the user types. Only the latest request may change what is shown: an answer to
 * an older query (or filter) that arrives late is dropped.
 */
export function useMessageSearch(rawQuery: string, roomId: string | undefined): MessageSearch {
  const query = normalizeQuery(rawQuery);
  const searchable = isSearchable(query);
  const [answer, setAnswer] = useState<Answer | undefined>();
  const [status, setStatus] = useState<SearchStatus>('idle');
  const [error, setError] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const id = ++latest.current;
    setLoadingMore(false);
    if (!searchable) {
      setStatus('idle');
      setAnswer(undefined);
      return;
    }
    setStatus('loading');
    const timer = setTimeout(() => {
      searchMessages({ q: query, ...(roomId && { roomId }) }).then(
        (page) => {
          if (id !== latest.current) return;
          setAnswer({ query, results: page.results, nextBefore: page.nextBefore });
          setStatus('done');
        },
        (err: unknown) => {
          if (id !== latest.current) return;
          if (!isApiError(err, 'network') && !isApiError(err, 'rate_limited')) reportError('search failed', err);
          setError(err);
          setStatus('error');
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, searchable, roomId, attempt]);

  const loadMore = useCallback(() => {
    if (!answer?.nextBefore || loadingMore) return;
    const id = latest.current;
    setLoadingMore(true);
    searchMessages({ q: answer.query, ...(roomId && { roomId }), before: answer.nextBefore }).then(
      (page) => {
        if (id !== latest.current) return;
        setAnswer((a) => a && { ...a, results: [...a.results, ...page.results], nextBefore: page.nextBefore });
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (id !== latest.current) return;
        if (!isApiError(err, 'network')) reportError('search: more results failed', err);
        setError(err);
        setLoadingMore(false);
        setStatus('error');
      },
    );
  }, [answer, loadingMore, roomId]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return {
    status,
    query: answer?.query ?? query,
    results: answer?.results ?? [],
    hasMore: Boolean(answer?.nextBefore),
    loadingMore,
    error,
    loadMore,
    retry,
  };
}
