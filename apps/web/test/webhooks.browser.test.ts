import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, joinRoom } from './helpers/chat-actions.js';
import { hasChromium, isCi, register, startBrowserSession, type BrowserSession } from './helpers/browser-session.js';
import { LOOKS, useLook } from './helpers/looks.js';

const SHOTS = new URL('../../../screenshots/webhooks/', import.meta.url).pathname;
const ROOM = 'Deploys';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/webhooks.browser.test.ts: chromium not found ***\n\n');

async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('room-menu').click();
  await page.getByTestId('open-room-settings').click();
  await page.getByTestId('webhooks-section').waitFor();
}

/** The room list: a column on desktop, a drawer to open first on a phone. */
async function openRoom(page: Page, name: string): Promise<void> {
  const toggle = page.getByTestId('open-sidebar');
  if (await toggle.isVisible()) await toggle.click();
  await page.locator(`[data-testid="room-item"][data-room-name="${name}"]`).click();
  await page.locator('[data-testid="room-title"]', { hasText: name }).waitFor();
}

/** What curl in the settings' example does: a POST with no credentials but the URL. */
async function post(url: string, body: object): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.status;
}

/** True when nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('incoming webhooks in two browsers', () => {
  let session: BrowserSession | undefined;
  let alice: Page;
  let bob: Page;
  let url = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startBrowserSession();
    alice = (await session.openPage()).page;
    bob = (await session.openPage({ width: 390, height: 844, locale: 'zh-CN' })).page;
    await register(alice, session.server.url, 'alice');
    await register(bob, session.server.url, 'bob');
    await createRoom(alice, ROOM);
    const toggle = bob.getByTestId('open-sidebar');
    if (await toggle.isVisible()) await toggle.click();
    await joinRoom(bob, ROOM);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('creates a webhook in room settings and shows its URL once, with a curl example', { timeout: 30_000 }, async () => {
    await openSettings(alice);
    await alice.getByTestId('webhooks-empty').waitFor();
    await alice.getByTestId('webhook-name-input').fill('Deploy bot');
    await alice.getByTestId('webhook-create').click();
    url = await alice.getByTestId('webhook-url').inputValue();
    expect(url).toMatch(new RegExp(`^${session!.server.url}/api/hooks/[0-9a-f-]{36}/[A-Za-z0-9_-]{43}$`));
    expect(await alice.getByTestId('webhook-curl').textContent()).toContain(`'${url}'`);
    await alice.locator('[data-testid="webhook-row"]', { hasText: 'Deploy bot' }).waitFor();
    await alice.getByTestId('webhook-done').click();
    await alice.getByTestId('webhook-created').waitFor({ state: 'detached' });
    expect(await alice.getByTestId('webhooks-section').textContent()).not.toContain(url.split('/').pop());
    await alice.keyboard.press('Escape');
  });

  it('shows a posted message under the bot name with a BOT badge, names as text', { timeout: 30_000 }, async () => {
    expect(await post(url, { text: 'Deployed v1.2 to production' })).toBe(200);
    expect(await post(url, { text: 'Rolled back', username: '<b>Release</b> train' })).toBe(200);
    const first = alice.locator('[data-testid="message"]', { hasText: 'Deployed v1.2 to production' });
    await first.waitFor();
    expect(await first.getByTestId('message-sender').textContent()).toBe('Deploy bot');
    expect(await first.getByTestId('bot-badge').textContent()).toBe('BOT');
    const renamed = bob.locator('[data-testid="message"]', { hasText: 'Rolled back' });
    await renamed.waitFor();
    expect(await renamed.getByTestId('message-sender').textContent()).toBe('<b>Release</b> train');
    expect(await renamed.locator('[data-testid="message-sender"] b').count()).toBe(0);
    expect(await renamed.getByTestId('bot-badge').textContent()).toBe('机器人');
    await bob.screenshot({ path: `${SHOTS}bot-message-390-zh-CN.png` });
  });

  it('fits a phone in light and dark, English and Chinese', { timeout: 60_000 }, async () => {
    for (const look of LOOKS.filter((l) => l.width === 390)) {
      await useLook(alice, look);
      await openRoom(alice, ROOM);
      await openSettings(alice);
      await alice.locator('[data-testid="webhook-row"]', { hasText: 'Deploy bot' }).waitFor();
      await alice.getByTestId('webhooks-section').scrollIntoViewIfNeeded();
      expect([look.name, await fitsWidth(alice)]).toEqual([look.name, true]);
      await alice.screenshot({ path: `${SHOTS}settings-${look.name}.png` });
      await alice.keyboard.press('Escape');
    }
    await useLook(alice, LOOKS[0]!);
  });

  it('revokes a webhook after a confirmation; its URL then gets 404', { timeout: 30_000 }, async () => {
    await openRoom(alice, ROOM);
    await openSettings(alice);
    const row = alice.locator('[data-testid="webhook-row"]', { hasText: 'Deploy bot' });
    await row.getByTestId('webhook-revoke').click();
    expect(await post(url, { text: 'still alive' })).toBe(200);
    await row.getByTestId('webhook-revoke-confirm').click();
    await alice.getByTestId('webhooks-empty').waitFor();
    expect(await post(url, { text: 'after revoke' })).toBe(404);
  });
});
