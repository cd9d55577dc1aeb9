import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from './browser-session.js';

/** Steps through the admin console's users and rooms tabs, shared by the admin browser tests. */

/** A tab of the console that lists accounts or rooms. */
export type ConsoleTab = 'users' | 'rooms';

/** Signs in through the login form; the caller waits for whatever should follow (a connection, an error). */
export async function signIn(page: Page, url: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(url);
  await page.getByTestId('auth-tab-login').click();
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(password);
  await page.getByTestId('auth-submit').click();
}

export const userRow = (page: Page, username: string): Locator => page.locator(`[data-testid="admin-user-row"][data-username="${username}"]`);
export const roomRow = (page: Page, name: string): Locator => page.locator(`[data-testid="admin-room-row"][data-room-name="${name}"]`);

/** Opens the console on `tab`, from the user menu or, after a reload, from its own address. */
export async function openConsoleTab(page: Page, tab: ConsoleTab): Promise<void> {
  // After a reload the console comes back from its #/admin/<tab> address once the admin flag is read.
  if (new URL(page.url()).hash.startsWith('#/admin')) {
    await page.getByTestId('admin-console').waitFor();
  } else {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('open-admin-console').click();
  }
  await page.getByTestId(`admin-tab-${tab}`).click();
  await page.getByTestId(`admin-${tab}`).waitFor();
}

/** Searches the users tab and waits until `username` is the only row, so the next step acts on it. */
export async function searchUser(page: Page, username: string): Promise<void> {
  await page.getByTestId('admin-users-search').fill(username);
  await expect.poll(() => page.getByTestId('admin-user-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-username')))).toEqual([username]);
}

/** Picks `action` (a `user-action-<action>` test id) from the menu on `username`'s row. */
export async function userAction(page: Page, username: string, action: string): Promise<void> {
  await userRow(page, username).getByTestId('user-actions').click();
  await page.getByTestId(`user-action-${action}`).click();
}

/** Resets `username`'s password in the given mode and returns the secret the dialog showed once. */
export async function resetPassword(page: Page, username: string, mode: 'link' | 'temporary'): Promise<string> {
  await userAction(page, username, 'reset-password');
  const dialog = page.getByTestId('reset-password-dialog');
  await dialog.getByTestId(`reset-mode-${mode}`).check();
  await dialog.getByTestId('reset-create').click();
  const secret = await dialog.getByTestId(mode === 'link' ? 'reset-link' : 'reset-temporary').inputValue();
  await dialog.getByTestId('reset-done').click();
  await dialog.waitFor({ state: 'detached' });
  return secret;
}
