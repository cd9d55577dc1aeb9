import { browserStore, readJson, writeJson } from '../../lib/key-value-store';
import { Store } from '../../lib/store';

const KEY = 'parley.notifications';

/** `unset` until the user answers the banner or uses the bell; then their choice. */
export type NotificationChoice = 'unset' | 'on' | 'off';

export interface NotificationSettings {
  choice: NotificationChoice;
  /** The browser's answer; `unsupported` where there is no Notification API (iOS Safari tabs, old browsers). */
  permission: NotificationPermission | 'unsupported';
  bannerDismissed: boolean;
}

export const browserPermission = (): NotificationSettings['permission'] =>
  typeof window.Notification === 'function' ? window.Notification.permission : 'unsupported';

function load(): NotificationSettings {
  const raw = readJson(browserStore(), KEY);
  const saved = typeof raw === 'object' && raw !== null ? (raw as Partial<Record<string, unknown>>) : {};
  const choice = saved.choice === 'on' || saved.choice === 'off' ? saved.choice : 'unset';
  return { choice, permission: browserPermission(), bannerDismissed: saved.bannerDismissed === true };
}

/** The user's notification settings for this browser, shared by the bell, the banner and the notifier. */
export const notificationSettings = new Store<NotificationSettings>(load());

function save(next: Partial<NotificationSettings>): void {
  notificationSettings.update((s) => ({ ...s, ...next }));
  const { choice, bannerDismissed } = notificationSettings.get();
  writeJson(browserStore(), KEY, { choice, bannerDismissed });
}

/** Notifications go out only when both the user and the browser said yes. */
export const notificationsOn = (s: NotificationSettings) => s.choice === 'on' && s.permission === 'granted';

/**
 * Turns notifications on, asking the browser first if it has not been asked. Must run inside a
 * click handler: browsers ignore (or penalise) permission prompts without a user gesture.
 */
export async function enableNotifications(): Promise<void> {
  let permission = browserPermission();
  if (permission === 'default') permission = await window.Notification.requestPermission();
  save({ permission, choice: permission === 'granted' ? 'on' : 'off', bannerDismissed: true });
}

export function disableNotifications(): void {
  save({ choice: 'off', bannerDismissed: true });
}

export function dismissBanner(): void {
  save({ bannerDismissed: true });
}

/** The permission can change in the browser's site settings while the app runs. */
export function refreshPermission(): void {
  const permission = browserPermission();
  notificationSettings.update((s) => (s.permission === permission ? s : { ...s, permission }));
}
