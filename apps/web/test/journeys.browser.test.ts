import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, isCi, register, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { audit, report } from './helpers/axe.js';
import { createRoom, joinRoom, sendComposer } from './helpers/chat-actions.js';
import { LOOKS, useLook, type Look } from './helpers/looks.js';

// Issue #5's journeys end to end: three people on desktop and phone, in English and Chinese, light
// and dark, on the real server; then every main screen in all eight looks. Screenshots land in the
// gitignored screenshots/journeys/ folder so a person can look at them.
const SHOTS = fileURLToPath(new URL('../../../screenshots/journeys/', import.meta.url));

if (!hasChromium && !isCi) process.stderr.write(`\n*** SKIPPING apps/web/test/journeys.browser.test.ts: ${CHROMIUM} not found ***\n\n`);

async function shoot(page: Page, name: string): Promise<void> {
  // Drawers slide in: a picture taken mid-transition shows them cut off.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await page.screenshot({ path: `${SHOTS}${name}.png` });
}

/** The room list: a column on desktop, a drawer to open first on a phone. */
async function openSidebar(page: Page): Promise<void> {
  const toggle = page.getByTestId('open-sidebar');
  if (await toggle.isVisible()) await toggle.click();
}

const roomItem = (page: Page, name: string) => page.locator(`[data-testid="room-item"][data-room-name="${name}"]`);

/** Nothing sticks out sideways and the composer is fully on screen: the page is usable at this width. */
async function expectFitsViewport(page: Page, look: Look): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal overflow in ${look.name}`).toBeLessThanOrEqual(0);
  const composer = await page.getByTestId('composer-input').boundingBox();
  expect(composer, `composer hidden in ${look.name}`).not.toBeNull();
  expect(composer!.y + composer!.height).toBeLessThanOrEqual(look.height);
}

describe.skipIf(!hasChromium && !isCi)('user journeys', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startBrowserSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('three people chat live across desktop and phone, English and Chinese, light and dark', async () => {
    const url = session.server.url;
    // Alice: desktop, English, light. Bob: phone, Chinese, dark. Carol: desktop, Chinese, dark.
    const alice = (await session.openPage({ width: 1280, height: 800, locale: 'en-US' })).page;
    const bob = (await session.openPage({ width: 390, height: 844, locale: 'zh-CN' })).page;
    const carol = (await session.openPage({ width: 1280, height: 800, locale: 'zh-CN' })).page;
    await bob.addInitScript(() => localStorage.setItem('parley.theme', 'dark'));
    await carol.addInitScript(() => localStorage.setItem('parley.theme', 'dark'));

    await register(alice, url, 'alice');
    await register(bob, url, '小明');
    await register(carol, url, 'carol');
    // The sign-up language came from the browser: Bob's client speaks Chinese without being told.
    expect(await bob.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await bob.evaluate(() => document.documentElement.dataset.bsTheme)).toBe('dark');

    // A public room appears live in the others' lists, without a reload.
    await createRoom(alice, 'Design 设计');
    await openSidebar(bob);
    await roomItem(bob, 'Design 设计').waitFor();
    await shoot(bob, '01-discover-390-dark-zh');
    await joinRoom(bob, 'Design 设计');
    await openSidebar(carol);
    await joinRoom(carol, 'Design 设计');
    await alice.locator('[data-testid="system-message"]', { hasText: '小明' }).waitFor();

    // Typing shows by name, in the reader's language.
    await alice.getByTestId('composer-input').pressSequentially('**Ship** it');
    await expect.poll(() => bob.getByTestId('typing-indicator').innerText()).toContain('alice');
    await alice.getByTestId('send-button').click();
    const bold = bob.locator('[data-testid="message-body"] strong', { hasText: 'Ship' });
    await bold.waitFor();

    // Chinese text from the phone reaches both desktops.
    await sendComposer(bob, '我们的数据库挂了，`db-1` 正在重启');
    for (const page of [alice, carol]) {
      await page.locator('[data-testid="message-body"]', { hasText: '我们的数据库挂了' }).locator('code', { hasText: 'db-1' }).waitFor();
    }
    await shoot(alice, '02-chat-1280-light-en');
    await shoot(bob, '02-chat-390-dark-zh');
    await shoot(carol, '02-chat-1280-dark-zh');

    // A message in a room Carol is not looking at gives her an unread badge; opening the room clears it.
    await createRoom(alice, 'Random');
    await openSidebar(carol);
    await joinRoom(carol, 'Random');
    await roomItem(carol, 'Design 设计').click();
    await carol.locator('[data-testid="room-title"]', { hasText: 'Design 设计' }).waitFor();
    await sendComposer(alice, 'lunch?');
    const badge = roomItem(carol, 'Random').getByTestId('unread-badge');
    // The badge also carries a visually hidden "1 unread" for screen readers.
    await expect.poll(() => badge.innerText()).toMatch(/^1\s/);
    await shoot(carol, '03-unread-1280-dark-zh');
    await roomItem(carol, 'Random').click();
    await carol.locator('[data-testid="message-body"]', { hasText: 'lunch?' }).waitFor();
    await expect.poll(() => badge.count()).toBe(0);

    // The member list on a phone is a drawer; Esc closes it.
    await bob.getByTestId('toggle-members').click();
    const panel = bob.getByTestId('member-panel');
    await panel.getByTestId('member').first().waitFor();
    await expect.poll(() => panel.getByTestId('member').count()).toBe(3);
    await shoot(bob, '04-members-390-dark-zh');
    await bob.keyboard.press('Escape');
    await expect.poll(() => panel.isVisible()).toBe(false);
  });

  // Eight looks, three axe runs each and the sign-in screen: well past the default 30 s on a busy machine.
  it('renders every main screen in all eight looks, fitting each viewport, with no serious axe findings', { timeout: 120_000 }, async () => {
    const url = session.server.url;
    const owner = (await session.openPage()).page;
    await register(owner, url, 'lookowner');
    await createRoom(owner, 'Looks 外观');
    await sendComposer(owner, 'Release notes:\n- **faster** history\n- `npm run bench`\n> 发布说明：历史记录更快了');

    const { page } = await session.openPage();
    await register(page, url, 'looker');
    await openSidebar(page);
    await joinRoom(page, 'Looks 外观');
    await sendComposer(page, '👍 看起来不错');
    for (const look of LOOKS) {
      await useLook(page, look);
      await openSidebar(page);
      await roomItem(page, 'Looks 外观').click();
      await page.locator('[data-testid="message-body"]', { hasText: '看起来不错' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.bsTheme)).toBe(look.theme);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(look.language);
      await expectFitsViewport(page, look);
      await shoot(page, `looks-chat-${look.name}`);
      const chatFindings = await audit(page);
      expect(chatFindings, report(`chat ${look.name}`, chatFindings)).toEqual([]);

      if (look.width < 500) {
        await openSidebar(page);
        await page.getByTestId('room-filter').waitFor();
        await shoot(page, `looks-sidebar-${look.name}`);
        const sidebarFindings = await audit(page);
        expect(sidebarFindings, report(`sidebar ${look.name}`, sidebarFindings)).toEqual([]);
        await page.keyboard.press('Escape');
      }
      await page.getByTestId('user-menu').click();
      await page.getByTestId('open-profile').click();
      await page.getByTestId('profile-display-name').waitFor();
      await shoot(page, `looks-profile-${look.name}`);
      const profileFindings = await audit(page);
      expect(profileFindings, report(`profile ${look.name}`, profileFindings)).toEqual([]);
      await page.keyboard.press('Escape');
    }

    // The sign-in screen, signed out, in each language and theme.
    const signedOut = (await session.openPage()).page;
    await signedOut.goto(url);
    for (const look of LOOKS) {
      await signedOut.setViewportSize({ width: look.width, height: look.height });
      await signedOut.evaluate(({ theme, language }) => {
        localStorage.setItem('parley.theme', theme);
        localStorage.setItem('parley.language', language);
      }, look);
      await signedOut.reload();
      await signedOut.getByTestId('auth-form').waitFor();
      expect(await signedOut.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await shoot(signedOut, `looks-login-${look.name}`);
      const loginFindings = await audit(signedOut);
      expect(loginFindings, report(`login ${look.name}`, loginFindings)).toEqual([]);
    }
    await waitForConnection(page, 'connected');
  });
});
