/**
 * Opens message search from elsewhere in the app (the room switcher's "Search messages for …"),
 * with the text typed there. The top bar owns the dialog and listens.
 */
type Listener = (query: string) => void;

const listeners = new Set<Listener>();

export function launchSearch(query: string): void {
  for (const listener of listeners) listener(query);
}

export function onSearchLaunch(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
