import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, joinRoom } from './helpers/chat-actions.js';
import { hasChromium, isCi, register, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { LOOKS, useLook } from './helpers/looks.js';

const SHOTS = new URL('../../../screenshots/', import.meta.url).pathname;

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/message-actions.browser.test.ts: chromium not found ***\n\n');

/** The stored message (not a pending one) whose body says `text`. */
const message = (page: Page, text: string) => page.locator('[data-testid="message"]:not([data-pending])', { hasText: text });

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('send-button').click();
  await message(page, text).waitFor();
}

const chip = (page: Page, text: string, emoji: string) => message(page, text).locator(`[data-testid="reaction-chip"][data-emoji="${emoji}"]`);

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('message actions in two browsers', () => {
  let session: BrowserSession | undefined;
  let alice: Page;
  let bob: Page;
  let bobContext: BrowserContext;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startBrowserSession();
    alice = (await session.openPage()).page;
    ({ context: bobContext, page: bob } = await session.openPage());
    await register(alice, session.server.url, 'alice');
    await createRoom(alice, 'Crew');
    await register(bob, session.server.url, 'bob');
    await joinRoom(bob, 'Crew');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('shows a reaction with its count and who reacted, and toggles the own one', { timeout: 60_000 }, async () => {
    await send(alice, 'Deploy is at 5pm');
    const row = message(bob, 'Deploy is at 5pm');
    await row.hover();
    await row.getByTestId('action-react').click();
    await bob.locator('[data-testid="reaction-option"][data-emoji="👍"]').first().click();

    await expect.poll(() => chip(alice, 'Deploy is at 5pm', '👍').getAttribute('data-count')).toBe('1');
    expect(await chip(alice, 'Deploy is at 5pm', '👍').getAttribute('title')).toBe('bob reacted with 👍');
    expect(await chip(alice, 'Deploy is at 5pm', '👍').getAttribute('aria-pressed')).toBe('false');

    await chip(alice, 'Deploy is at 5pm', '👍').click();
    await expect.poll(() => chip(bob, 'Deploy is at 5pm', '👍').getAttribute('data-count')).toBe('2');
    expect(await chip(alice, 'Deploy is at 5pm', '👍').getAttribute('title')).toBe('You and bob reacted with 👍');
    expect(await chip(alice, 'Deploy is at 5pm', '👍').getAttribute('aria-pressed')).toBe('true');

    // The "+" chip opens the picker; the keyboard can pick from it.
    await message(alice, 'Deploy is at 5pm').getByTestId('reaction-add').click();
    await alice.getByTestId('reaction-picker').waitFor();
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('Enter');
    await expect.poll(() => message(bob, 'Deploy is at 5pm').getByTestId('reaction-chip').count()).toBe(2);
    await message(alice, 'Deploy is at 5pm').hover();
    await alice.screenshot({ path: `${SHOTS}msg-actions-reactions.png` });

    // Clicking the own reaction again takes it back for everyone.
    await chip(alice, 'Deploy is at 5pm', '👍').click();
    await expect.poll(() => chip(bob, 'Deploy is at 5pm', '👍').getAttribute('data-count')).toBe('1');
  });

  it('catches up on reactions made while offline', { timeout: 60_000 }, async () => {
    await bobContext.setOffline(true);
    await waitForConnection(bob, 'offline');
    const row = message(alice, 'Deploy is at 5pm');
    await row.hover();
    await row.getByTestId('action-react').click();
    await alice.locator('[data-testid="reaction-option"][data-emoji="🚀"]').click();
    await chip(alice, 'Deploy is at 5pm', '🚀').waitFor();
    await bobContext.setOffline(false);
    await waitForConnection(bob, 'connected');
    await expect.poll(() => chip(bob, 'Deploy is at 5pm', '🚀').getAttribute('data-count')).toBe('1');
    expect(await chip(bob, 'Deploy is at 5pm', '🚀').getAttribute('title')).toBe('alice reacted with 🚀');
  });

  it('opens the action bar with a long press, as on a phone, and closes it on a touch elsewhere', { timeout: 30_000 }, async () => {
    await alice.setViewportSize({ width: 390, height: 844 });
    const row = message(alice, 'Deploy is at 5pm');
    const bar = row.getByTestId('message-actions');
    await row.locator('[data-testid="message-body"]').evaluate((el) => el.dispatchEvent(new Event('touchstart', { bubbles: true })));
    await expect.poll(() => bar.evaluate((el) => el.classList.contains('open'))).toBe(true);
    await alice.getByTestId('composer-input').evaluate((el) => el.dispatchEvent(new Event('touchstart', { bubbles: true })));
    await expect.poll(() => bar.evaluate((el) => el.classList.contains('open'))).toBe(false);
    await alice.setViewportSize({ width: 1280, height: 800 });
  });

  it('looks right in every look', { timeout: 180_000 }, async () => {
    for (const look of LOOKS) {
      await useLook(alice, look);
      const row = message(alice, 'Deploy is at 5pm');
      await row.waitFor();
      await row.hover();
      await alice.screenshot({ path: `${SHOTS}msg-actions-${look.name}.png` });
      await row.getByTestId('action-react').click();
      await alice.getByTestId('reaction-picker').waitFor();
      await alice.screenshot({ path: `${SHOTS}msg-actions-picker-${look.name}.png` });
      await alice.keyboard.press('Escape');
      await alice.getByTestId('open-room-info').click();
      await alice.getByTestId('pinned-messages').waitFor();
      await alice.screenshot({ path: `${SHOTS}msg-actions-info-${look.name}.png` });
      await alice.keyboard.press('Escape');
    }
    await useLook(alice, LOOKS[0]!);
  });
});
