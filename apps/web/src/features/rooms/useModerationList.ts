import { useCallback, useEffect, useState } from 'react';
import { useErrorText } from '../../components/useErrorText';

/** A list loaded from the server on mount and on `reload()`, with the error translated for display. */
export function useModerationList<T>(load: () => Promise<T[]>) {
  const errorText = useErrorText();
  const [items, setItems] = useState<T[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const reload = useCallback(() => {
    load().then(
      (list) => {
        setItems(list);
        setError(undefined);
      },
      (err: unknown) => setError(errorText(err)),
    );
  }, [load, errorText]);

  useEffect(reload, [reload]);
  return { items, error, setError, reload };
}

/** "24 Nov 2026, 15:30" in the reader's language. */
export function formatWhen(language: string, iso: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
