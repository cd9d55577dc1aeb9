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

/** Opens a message's "…" menu (hovering shows the bar, as a mouse user would) and picks an item. */
async function menuAction(page: Page, text: string, testId: string): Promise<void> {
  const row = message(page, text);
  await row.hover();
  await row.getByTestId('action-more').click();
  await page.getByTestId(testId).click();
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
    await alice.keyboard.press('End');
    await alice.keyboard.press('ArrowLeft');
    await alice.keyboard.press('Enter');
    await chip(bob, 'Deploy is at 5pm', '📎').waitFor();
    expect(await message(bob, 'Deploy is at 5pm').getByTestId('reaction-chip').count()).toBe(2);
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

  it('edits inline with Enter; the other side sees the new text and "(edited)"', { timeout: 60_000 }, async () => {
    const row = message(alice, 'Deploy is at 5pm');
    await row.hover();
    await row.getByTestId('action-edit').click();
    const input = alice.getByTestId('edit-input');
    await input.fill('Deploy is at 6pm');
    await input.press('Enter');
    await message(bob, 'Deploy is at 6pm').getByTestId('edited-mark').waitFor();
    expect(await message(bob, 'Deploy is at 6pm').getByTestId('edited-mark').getAttribute('title')).toMatch(/^Edited /);
    expect(await message(bob, 'Deploy is at 5pm').count()).toBe(0);
    // The reactions stay with the edited message.
    expect(await chip(bob, 'Deploy is at 6pm', '👍').getAttribute('data-count')).toBe('1');

    // Up in the empty composer edits the last own message; Escape leaves it as it was.
    await alice.getByTestId('composer-input').focus();
    await alice.keyboard.press('ArrowUp');
    await expect.poll(() => alice.getByTestId('edit-input').inputValue()).toBe('Deploy is at 6pm');
    await alice.keyboard.press('Escape');
    await alice.getByTestId('edit-input').waitFor({ state: 'detached' });
  });

  it('catches up on an edit made while offline', { timeout: 60_000 }, async () => {
    await bobContext.setOffline(true);
    await waitForConnection(bob, 'offline');
    const row = message(alice, 'Deploy is at 6pm');
    await row.hover();
    await row.getByTestId('action-edit').click();
    await alice.getByTestId('edit-input').fill('Deploy is at 7pm');
    await alice.getByTestId('edit-input').press('Enter');
    await message(alice, 'Deploy is at 7pm').getByTestId('edited-mark').waitFor();
    await bobContext.setOffline(false);
    await waitForConnection(bob, 'connected');
    await message(bob, 'Deploy is at 7pm').getByTestId('edited-mark').waitFor();
  });

  it('pins a message; the info panel lists it and jumps to it', { timeout: 60_000 }, async () => {
    await menuAction(alice, 'Deploy is at 7pm', 'action-pin');
    await message(bob, 'Deploy is at 7pm').getByTestId('message-pinned').waitFor();
    await bob.getByTestId('system-message').filter({ hasText: 'alice pinned a message' }).waitFor();
    // Members cannot pin.
    const row = message(bob, 'Deploy is at 7pm');
    await row.hover();
    await row.getByTestId('action-more').click();
    expect(await bob.getByTestId('action-pin').count()).toBe(0);
    await bob.keyboard.press('Escape');

    await bob.getByTestId('open-room-info').click();
    const pin = bob.getByTestId('pin-item');
    await pin.filter({ hasText: 'Deploy is at 7pm' }).waitFor();
    expect(await bob.getByTestId('pin-unpin').count()).toBe(0);
    await pin.getByTestId('pin-jump').click();
    await bob.getByTestId('room-info').waitFor({ state: 'detached' });

    await alice.getByTestId('open-room-info').click();
    await alice.getByTestId('pin-item').filter({ hasText: 'Deploy is at 7pm' }).waitFor();
    expect(await alice.getByTestId('room-info-name').textContent()).toBe('Crew');
    await alice.getByTestId('room-info').locator('.btn-close').click();
  });

  it('shows the owner every version of an edited message', { timeout: 60_000 }, async () => {
    await menuAction(alice, 'Deploy is at 7pm', 'action-history');
    const versions = alice.getByTestId('edit-version');
    await expect.poll(() => versions.count()).toBe(3);
    const texts = await versions.allTextContents();
    expect(texts[0]).toMatch(/^Original · .*Deploy is at 5pm$/);
    expect(texts[1]).toMatch(/^Edited by alice · .*Deploy is at 6pm$/);
    expect(texts[2]).toMatch(/^Edited by alice · .*Current versionDeploy is at 7pm$/);
    await alice.screenshot({ path: `${SHOTS}msg-actions-history.png` });
    await alice.getByTestId('edit-history-dialog').locator('.btn-close').click();
  });

  it('deletes after confirming: everyone sees a tombstone, an owner may delete anyone’s', { timeout: 60_000 }, async () => {
    await send(alice, 'wrong window, sorry');
    await menuAction(alice, 'wrong window, sorry', 'action-delete');
    await alice.getByTestId('confirm-button').click();
    await expect.poll(() => message(bob, 'wrong window, sorry').count()).toBe(0);
    await bob.getByTestId('message-tombstone').first().waitFor();

    await send(bob, 'spam spam spam');
    await menuAction(alice, 'spam spam spam', 'action-delete');
    await alice.getByTestId('confirm-dialog').filter({ hasText: 'by bob' }).waitFor();
    await alice.screenshot({ path: `${SHOTS}msg-actions-delete.png` });
    await alice.getByTestId('confirm-button').click();
    await expect.poll(() => message(bob, 'spam spam spam').count()).toBe(0);
    await expect.poll(() => bob.getByTestId('message-tombstone').count()).toBe(2);

    // Bob, a member, cannot delete alice's message.
    const row = message(bob, 'Deploy is at 7pm');
    await row.hover();
    await row.getByTestId('action-more').click();
    expect(await bob.getByTestId('action-delete').count()).toBe(0);
    await bob.keyboard.press('Escape');
  });

  it('shows markup in edits, edit history and pins as text, never as HTML', { timeout: 60_000 }, async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await send(alice, 'harmless at first');
    const row = message(alice, 'harmless at first');
    await row.hover();
    await row.getByTestId('action-edit').click();
    await alice.getByTestId('edit-input').fill(hostile);
    await alice.getByTestId('edit-input').press('Enter');
    await message(bob, hostile).getByTestId('edited-mark').waitFor();
    await menuAction(alice, hostile, 'action-pin');
    await menuAction(alice, hostile, 'action-history');
    await alice.getByTestId('edit-version').filter({ hasText: hostile }).waitFor();
    await alice.getByTestId('edit-history-dialog').locator('.btn-close').click();
    await alice.getByTestId('open-room-info').click();
    await alice.getByTestId('pin-item').filter({ hasText: hostile }).waitFor();
    await alice.keyboard.press('Escape');
    for (const page of [alice, bob]) {
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
    }
    await menuAction(alice, hostile, 'action-unpin');
    await expect.poll(() => message(bob, hostile).getByTestId('message-pinned').count()).toBe(0);
  });

  it('looks right in every look', { timeout: 180_000 }, async () => {
    for (const look of LOOKS) {
      await useLook(alice, look);
      const row = message(alice, 'Deploy is at 7pm');
      await row.waitFor();
      await row.hover();
      await alice.screenshot({ path: `${SHOTS}msg-actions-${look.name}.png` });
      await row.getByTestId('action-react').click();
      await alice.getByTestId('reaction-picker').waitFor();
      await alice.screenshot({ path: `${SHOTS}msg-actions-picker-${look.name}.png` });
      await alice.keyboard.press('Escape');
      await alice.getByTestId('open-room-info').click();
      await alice.getByTestId('pin-item').first().waitFor();
      await alice.screenshot({ path: `${SHOTS}msg-actions-info-${look.name}.png` });
      await alice.keyboard.press('Escape');
    }
    await useLook(alice, LOOKS[0]!);
  });
});
