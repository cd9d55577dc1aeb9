/** The console's tabs, in the order they are shown. */
export const ADMIN_TABS = ['dashboard', 'users', 'rooms', 'settings', 'audit'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

const ADMIN_HASH = /^#\/admin(?:\/([\w-]*))?\/?$/;

/**
 * The tab a `#/admin/<tab>` fragment opens, or undefined when the fragment is not the console's.
 * `#/admin` and an unknown tab open the dashboard, so an old or mistyped link still lands somewhere.
 * The fragment leaves the path to the room underneath, so closing the console returns to it.
 */
export function parseAdminHash(hash: string): AdminTab | undefined {
  const match = ADMIN_HASH.exec(hash);
  if (!match) return undefined;
  const tab = match[1];
  return ADMIN_TABS.find((t) => t === tab) ?? 'dashboard';
}

export const adminHash = (tab: AdminTab): string => `#/admin/${tab}`;

/** The tab an arrow, Home or End key moves to from `current`, wrapping at the ends; undefined for other keys. */
export function tabAfterKey(current: AdminTab, key: string): AdminTab | undefined {
  const i = ADMIN_TABS.indexOf(current);
  const n = ADMIN_TABS.length;
  const next = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[key];
  return next === undefined ? undefined : ADMIN_TABS[next];
}
