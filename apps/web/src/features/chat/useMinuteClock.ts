import { useSyncExternalStore } from 'react';

/**
 * One clock for every relative time on screen: a single timer ticks at each minute boundary while
 * anything is subscribed (not one interval per message), and a tab coming back from the background,
 * where timers are throttled, catches up at once.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | undefined;

function tick(): void {
  now = Date.now();
  for (const l of listeners) l();
}

function schedule(): void {
  // A little past the boundary, so "5 minutes ago" never shows for a message 4:59.99 old.
  timer = setTimeout(() => {
    tick();
    schedule();
  }, 60_000 - (Date.now() % 60_000) + 50);
}

function onVisible(): void {
  if (document.visibilityState === 'visible') tick();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) {
    now = Date.now();
    schedule();
    document.addEventListener('visibilitychange', onVisible);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    clearTimeout(timer);
    timer = undefined;
    document.removeEventListener('visibilitychange', onVisible);
  };
}

/** The current time in epoch ms, re-rendering the caller once a minute. */
export function useMinuteClock(): number {
  return useSyncExternalStore(subscribe, () => now);
}
