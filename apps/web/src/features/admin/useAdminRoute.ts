import { useSyncExternalStore } from 'react';
import { navigate, subscribeRoute } from '../../lib/router';
import { adminHash, parseAdminHash, type AdminTab } from './admin-tabs';

/** Marks the history entry this page pushed for the console, so closing can go back instead of adding one. */
const PUSHED = 'parley.adminConsole';

const currentHash = () => location.hash;
const here = () => location.pathname + location.search;

/** The open console tab from the URL fragment, or undefined when the console is closed. */
export function useAdminTab(): AdminTab | undefined {
  return parseAdminHash(useSyncExternalStore(subscribeRoute, currentHash));
}

/** Opens the console as a new history entry: the browser's Back button closes it. */
export function openAdminConsole(tab: AdminTab = 'dashboard'): void {
  navigate(here() + adminHash(tab));
  history.replaceState({ [PUSHED]: true }, '');
}

/** Switching tabs replaces the entry, so Back still closes the console rather than walking the tabs. */
export function selectAdminTab(tab: AdminTab): void {
  const pushed = isPushed();
  navigate(here() + adminHash(tab), { replace: true });
  if (pushed) history.replaceState({ [PUSHED]: true }, '');
}

function isPushed(): boolean {
  const state: unknown = history.state;
  return typeof state === 'object' && state !== null && PUSHED in state;
}

export function closeAdminConsole(): void {
  if (isPushed()) {
    history.back();
  } else {
    // Opened from a pasted link: going back would leave Parley.
    navigate(here(), { replace: true });
  }
}
