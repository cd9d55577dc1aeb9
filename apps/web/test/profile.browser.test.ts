import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, joinRoom, sendComposer } from './helpers/chat-actions.js';
import { PASSWORD, hasChromium, isCi, register, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { LOOKS, useLook } from './helpers/looks.js';

const SHOTS = new URL('../../../screenshots/manage/', import.meta.url).pathname;
const NEW_PASSWORD = 'a much longer passphrase';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/profile.browser.test.ts: chromium not found ***\n\n');

const member = (page: Page, username: string) => page.locator(`[data-testid="member"][data-username="${username}"]`);

async function openProfile(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('open-profile').click();
  await page.getByTestId('profile-dialog').waitFor();
}

async function closeProfile(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByTestId('profile-dialog').waitFor({ state: 'detached' });
}

/** Signs in through the login form; resolves to the error shown, or undefined once connected. */
async function login(page: Page, baseUrl: string, username: string, password: string): Promise<string | undefined> {
  await page.goto(baseUrl);
  await page.getByTestId('auth-tab-login').click();
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(password);
  await page.getByTestId('auth-submit').click();
  const error = page.getByTestId('auth-error');
  const connected = page.locator('[data-testid="connection-state"][data-state="connected"]');
  await error.or(connected).first().waitFor();
  return (await error.count()) > 0 ? ((await error.textContent()) ?? '') : undefined;
}

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('profile and password in two browsers', () => {
  let session: BrowserSession | undefined;
  let alice: Page;
  let bob: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startBrowserSession();
    alice = (await session.openPage()).page;
    bob = (await session.openPage()).page;
    await register(alice, session.server.url, 'alice');
    await createRoom(alice, 'Team');
    await register(bob, session.server.url, 'bob');
    await joinRoom(bob, 'Team');
    await member(alice, 'bob').waitFor();
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows a new display name and status in the top bar at once and to the other user', { timeout: 30_000 }, async () => {
    await openProfile(bob);
    await bob.getByTestId('profile-display-name').fill('');
    await bob.getByTestId('profile-save').click();
    await bob.getByTestId('profile-displayName-error').waitFor();

    await bob.getByTestId('profile-display-name').fill('Bob Builder');
    await bob.getByTestId('profile-status').fill('在开会 · back at 3');
    await bob.getByTestId('profile-bio').fill('Builds things.');
    await bob.getByTestId('profile-save').click();
    await bob.getByTestId('profile-saved').filter({ hasText: 'Profile saved' }).waitFor();
    await closeProfile(bob);
    await bob.getByTestId('user-menu').filter({ hasText: 'Bob Builder' }).waitFor();
    await member(bob, 'bob').getByTestId('member-status').filter({ hasText: '在开会' }).waitFor();

    // A message under the new name tells Alice's member list to read the profiles again.
    await sendComposer(bob, 'new name, who dis');
    await alice.getByTestId('message').filter({ hasText: 'new name, who dis' }).filter({ hasText: 'Bob Builder' }).waitFor();
    await member(alice, 'bob').getByTestId('member-name').filter({ hasText: 'Bob Builder' }).waitFor();
    await member(alice, 'bob').getByTestId('member-status').filter({ hasText: '在开会 · back at 3' }).waitFor();
  });

  it('shows a status-only change to the other user when they open the member list', { timeout: 30_000 }, async () => {
    await openProfile(bob);
    await bob.getByTestId('profile-status').fill('On holiday until Monday');
    await bob.getByTestId('profile-save').click();
    await bob.getByTestId('profile-saved').filter({ hasText: 'Profile saved' }).waitFor();
    await closeProfile(bob);

    await alice.getByTestId('toggle-members').click();
    await alice.getByTestId('member-panel').waitFor({ state: 'hidden' });
    await alice.getByTestId('toggle-members').click();
    await member(alice, 'bob').getByTestId('member-status').filter({ hasText: 'On holiday until Monday' }).waitFor();
  });

  it('changes the password: a wrong current one is refused, then only the new one signs in', { timeout: 60_000 }, async () => {
    if (!session) throw new Error('no session');
    await openProfile(bob);
    await bob.getByTestId('password-current').fill('not my password');
    await bob.getByTestId('password-next').fill(NEW_PASSWORD);
    await bob.getByTestId('password-confirm').fill(`${NEW_PASSWORD}!`);
    await bob.getByTestId('password-submit').click();
    await bob.getByTestId('password-confirm-error').filter({ hasText: 'do not match' }).waitFor();

    await bob.getByTestId('password-confirm').fill(NEW_PASSWORD);
    await bob.getByTestId('password-submit').click();
    await bob.getByTestId('password-current-error').filter({ hasText: 'current password is wrong' }).waitFor();
    expect(await bob.getByTestId('password-current').getAttribute('aria-invalid')).toBe('true');
    // A refused change leaves the session signed in.
    await waitForConnection(bob, 'connected');

    await bob.getByTestId('password-current').fill(PASSWORD);
    await bob.getByTestId('password-submit').click();
    await bob.getByTestId('password-changed').waitFor();
    expect(await bob.getByTestId('password-current').inputValue()).toBe('');
    await closeProfile(bob);
    await waitForConnection(bob, 'connected');

    await bob.getByTestId('user-menu').click();
    await bob.getByTestId('logout').click();
    await bob.getByTestId('auth-form').waitFor();
    expect(await login(bob, session.server.url, 'bob', PASSWORD)).toContain('Wrong username or password');
    expect(await login(bob, session.server.url, 'bob', NEW_PASSWORD)).toBeUndefined();
    await bob.getByTestId('user-menu').filter({ hasText: 'Bob Builder' }).waitFor();
  });

  it('screenshots the profile dialog in both themes, both languages, desktop and phone', { timeout: 120_000 }, async () => {
    for (const look of LOOKS) {
      await useLook(bob, look);
      await openProfile(bob);
      await bob.screenshot({ path: `${SHOTS}profile-top-${look.name}.png` });
      await bob.getByTestId('password-current').fill('x');
      await bob.getByTestId('password-submit').click();
      await bob.getByTestId('password-next-error').waitFor();
      await bob.screenshot({ path: `${SHOTS}profile-${look.name}.png` });
      // The password section is below the fold: the page scrolls on desktop, the body on a phone.
      await bob.getByTestId('profile-dialog').evaluate((el) => {
        el.scrollTo(0, el.scrollHeight);
        el.querySelector('.modal-body')?.scrollTo(0, el.scrollHeight);
      });
      await bob.screenshot({ path: `${SHOTS}profile-end-${look.name}.png` });
      await closeProfile(bob);
      await bob.getByTestId('user-menu').click();
      await bob.screenshot({ path: `${SHOTS}user-menu-${look.name}.png` });
      await bob.keyboard.press('Escape');
    }
  });
});
