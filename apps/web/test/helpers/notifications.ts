import type { Page } from 'playwright-core';

/** What the app passed to `new Notification`. */
export interface ShownNotification {
  title: string;
  body: string;
}

/**
 * An init script (page.addInitScript): records every `new Notification` on window before handing it to
 * the browser's own, so a test reads what the app showed. Grant the permission on the context, as a
 * user would.
 */
export function recordNotifications(): void {
  const shown: { title: string; body: string }[] = [];
  const Real = window.Notification;
  class Recording extends Real {
    constructor(title: string, options: NotificationOptions = {}) {
      shown.push({ title, body: options.body ?? '' });
      super(title, options);
    }
  }
  Object.assign(window, { __notifications: shown });
  Object.defineProperty(window, 'Notification', { value: Recording, configurable: true, writable: true });
}

/** The notifications recorded so far on the page. */
export const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: ShownNotification[] }).__notifications);

/** Turns desktop notifications on from the banner, then mutes the open room. */
export async function optInAndMuteRoom(page: Page, room: string): Promise<void> {
  await page.getByTestId('enable-notifications').click();
  await page.locator('[data-testid="notification-toggle"][data-state="on"]').waitFor();
  await page.getByTestId('mute-room').click();
  await page.locator(`[data-testid="room-item"][data-room-name="${room}"][data-muted="true"]`).waitFor();
}
