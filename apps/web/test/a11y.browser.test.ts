import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, isCi, register, startBrowserSession, type BrowserSession } from './helpers/browser-session.js';
import { audit, report } from './helpers/axe.js';
import { createRoom, joinRoom } from './helpers/chat-actions.js';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/a11y.browser.test.ts: /usr/bin/chromium not found ***\n\n');

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('send-button').click();
  await page.locator('[data-testid="message"]:not([data-pending])', { hasText: text }).waitFor();
}

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('/usr/bin/chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('accessibility (axe-core, serious and critical)', () => {
  let session: BrowserSession;
  let alice: Page;

  beforeAll(async () => {
    session = await startBrowserSession();
    // Someone else's room with messages, so the audited user has unread badges and a real timeline.
    alice = (await session.openPage()).page;
    await register(alice, session.server.url, 'alice');
    await createRoom(alice, 'design');
    await send(alice, 'Welcome to design, mockups go here.');
    await createRoom(alice, 'random');
    await send(alice, 'Anything goes in here.');
    await createRoom(alice, 'ideas');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious violations in ${scheme} mode`, { timeout: 90_000 }, async () => {
      const { page } = await session.openPage();
      await page.emulateMedia({ colorScheme: scheme });
      const problems: string[] = [];
      const check = async (where: string) => {
        const found = await audit(page);
        if (found.length > 0) problems.push(report(`${scheme} ${where}`, found));
      };

      await page.goto(session.server.url);
      await page.getByTestId('auth-submit').waitFor();
      await check('login screen');

      await register(page, session.server.url, `reader-${scheme}`);
      // One muted and one plain room with unread messages, so both badges are audited.
      await joinRoom(page, 'random');
      await page.getByTestId('mute-room').click();
      await page.locator('[data-testid="mute-room"][data-muted="true"]').waitFor();
      await joinRoom(page, 'ideas');
      await joinRoom(page, 'design');
      await send(page, `Hello from the ${scheme} side`);
      for (const room of ['random', 'ideas']) {
        await alice.locator(`[data-testid="room-item"][data-room-name="${room}"] a`).click();
        await send(alice, `news in ${room} for ${scheme}`);
        await page.locator(`[data-testid="room-item"][data-room-name="${room}"] [data-testid="unread-badge"]`).waitFor();
      }
      await check('chat room with sidebar');

      await page.getByTestId('user-menu').click();
      await page.locator('[data-testid="open-profile"], [data-testid="open-avatar-dialog"]').first().click();
      await page.locator('[role="dialog"]').waitFor();
      await check('profile dialog');
      await page.keyboard.press('Escape');
      await page.locator('[role="dialog"]').waitFor({ state: 'detached' });

      await page.keyboard.press('Control+k');
      await page.getByTestId('switcher-input').waitFor();
      await check('room switcher');
      await page.keyboard.press('Escape');

      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});
