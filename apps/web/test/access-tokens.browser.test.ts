import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, isCi, register, startBrowserSession, type BrowserSession } from './helpers/browser-session.js';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/access-tokens.browser.test.ts: chromium not found ***\n\n');

async function openTokens(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('open-profile').click();
  await page.getByTestId('profile-dialog').waitFor();
  await page.getByTestId('access-tokens-section').scrollIntoViewIfNeeded();
}

describe.skipIf(!hasChromium)('access tokens in the profile dialog', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await startBrowserSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  const me = (token: string) => fetch(`${session.server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });

  it('creates a token whose secret is shown once and works, lists its name as text, and revokes it', async () => {
    const { page } = await session.openPage();
    await register(page, session.server.url, 'tokens_ann');
    await openTokens(page);
    await page.getByTestId('access-tokens-empty').waitFor();
    const name = '<img src=x onerror="window.pwned=1">bot';
    await page.getByTestId('access-token-name-input').fill(name);
    await page.locator('#access-token-scope-write').check();
    await page.getByTestId('access-token-create').click();
    const secret = await page.getByTestId('access-token-secret').inputValue();
    expect(secret).toMatch(/^plt_[A-Za-z0-9_-]{43}$/);
    expect((await me(secret)).status).toBe(200);

    const row = page.getByTestId('access-token-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('access-token-name').textContent()).toBe(name);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.getByTestId('access-token-done').click();
    // Shown once: gone from the page, and the list never carries it.
    expect(await page.getByTestId('access-token-secret').count()).toBe(0);
    expect(await page.getByTestId('access-tokens-section').textContent()).not.toContain(secret);

    await row.getByTestId('access-token-revoke').click();
    await page.getByTestId('access-tokens-empty').waitFor();
    expect((await me(secret)).status).toBe(401);
  });

  it('shows the section in Chinese on a phone-sized screen without overflowing', async () => {
    const { page } = await session.openPage({ width: 390, height: 844, locale: 'zh-CN' });
    await register(page, session.server.url, 'tokens_chen');
    await openTokens(page);
    expect(await page.locator('#access-tokens-title').textContent()).toBe('访问令牌');
    expect(await page.getByTestId('access-token-create').textContent()).toBe('创建令牌');
    const box = await page.getByTestId('access-tokens-section').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
