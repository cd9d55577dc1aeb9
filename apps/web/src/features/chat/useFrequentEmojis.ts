import { useEffect, useSyncExternalStore } from 'react';
import { isApiError } from '../../api/api-error';
import { reportError } from '../../lib/report';
import { Store } from '../../lib/store';
import { frequentEmojis } from './message-changes-api';

/** Loaded once per page load when a picker first opens, and again after the user reacts with something new. */
const frequent = new Store<readonly string[] | undefined>(undefined);
let loading = false;

function load(): void {
  if (loading) return;
  loading = true;
  frequentEmojis().then(
    (emojis) => {
      loading = false;
      frequent.update(() => emojis);
    },
    (err: unknown) => {
      loading = false;
      // The picker still has its full grid; only the quick row is missing.
      if (!isApiError(err, 'network')) reportError('loading frequent reactions failed', err);
      frequent.update((x) => x ?? []);
    },
  );
}

/** A reaction was added: the quick row is fetched again next time a picker opens. */
export function noteReactionUsed(emoji: string): void {
  if (!frequent.get()?.includes(emoji)) frequent.update(() => undefined);
}

/** The user's frequently used reaction emoji (empty until loaded). */
export function useFrequentEmojis(): readonly string[] {
  const value = useSyncExternalStore(frequent.subscribe, frequent.get);
  useEffect(() => {
    if (value === undefined) load();
  }, [value]);
  return value ?? [];
}
