import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, isCi, PASSWORD, register, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/sessions.browser.test.ts: chromium not found ***\n\n');

async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(PASSWORD);
  await page.getByTestId('auth-submit').click();
  await waitForConnection(page, 'connected');
}

async function openSessions(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('open-profile').click();
  await page.getByTestId('profile-dialog').waitFor();
  await page.getByTestId('sessions-section').scrollIntoViewIfNeeded();
}

describe.skipIf(!hasChromium)('signed-in devices in the profile dialog', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await startBrowserSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('signs another browser out from the session list: it is back at sign-in within seconds, with a notice', async () => {
    const { page: a } = await session.openPage();
    const { page: b } = await session.openPage();
    await register(a, session.server.url, 'devices_ann');
    await signIn(b, session.server.url, 'devices_ann');

    await openSessions(a);
    const rows = a.getByTestId('session-row');
    await expect.poll(() => rows.count()).toBe(2);
    await a.locator('[data-testid="session-row"][data-current="true"]').getByTestId('session-current').waitFor();
    await a.locator('[data-testid="session-row"][data-current="false"]').getByTestId('session-revoke').click();
    await expect.poll(() => rows.count()).toBe(1);

    // B's socket is closed with 4401, its refresh fails, and it lands on the sign-in page.
    await b.getByTestId('auth-form').waitFor({ timeout: 5000 });
    await b.getByTestId('auth-session-ended').waitFor();
    expect(await b.getByTestId('auth-session-ended').textContent()).toContain('session was ended');
    // A is untouched.
    await waitForConnection(a, 'connected');
  });

  it('logs out everywhere else after confirming, and everywhere including this browser', async () => {
    const { page: a } = await session.openPage();
    const { page: b } = await session.openPage();
    await register(a, session.server.url, 'devices_bo');
    await signIn(b, session.server.url, 'devices_bo');

    await openSessions(a);
    await a.getByTestId('sessions-revoke-others').click();
    await a.getByTestId('sessions-confirm').waitFor();
    await a.getByTestId('sessions-confirm-button').click();
    await b.getByTestId('auth-session-ended').waitFor({ timeout: 5000 });
    await expect.poll(() => a.getByTestId('session-row').count()).toBe(1);

    await a.getByTestId('sessions-revoke-all').click();
    await a.getByTestId('sessions-confirm-button').click();
    await a.getByTestId('auth-form').waitFor({ timeout: 5000 });
  });

  it('shows the sessions in Chinese on a phone-sized screen', async () => {
    const { page } = await session.openPage({ width: 390, height: 844, locale: 'zh-CN' });
    await register(page, session.server.url, 'devices_chen');
    await openSessions(page);
    await page.getByTestId('session-current').filter({ hasText: '当前设备' }).waitFor();
    expect(await page.getByTestId('sessions-revoke-all').textContent()).toBe('登出所有设备');
    const box = await page.getByTestId('sessions-section').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
  });

  it('says why a common password is refused at registration', async () => {
    const { page } = await session.openPage();
    await page.goto(session.server.url);
    await page.getByTestId('auth-tab-register').click();
    await page.locator('#auth-username').fill('devices_weak');
    await page.locator('#auth-password').fill('Password123');
    await page.getByTestId('auth-submit').click();
    await page.getByTestId('auth-error').filter({ hasText: 'too common' }).waitFor();
    await page.locator('#auth-password').fill('devices_WEAK');
    await page.getByTestId('auth-submit').click();
    await page.getByTestId('auth-error').filter({ hasText: 'must not be your username' }).waitFor();
  });
});
