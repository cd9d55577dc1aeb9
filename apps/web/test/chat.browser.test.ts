import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../server/test/helpers/start-server.js';

const CHROMIUM = '/usr/bin/chromium';
const WEB_DIR = fileURLToPath(new URL('../dist', import.meta.url));
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const PASSWORD = 'correct horse battery';
const hasChromium = existsSync(CHROMIUM);
const isCi = process.env.CI === 'true';

if (!hasChromium && !isCi) {
  process.stderr.write(`\n*** SKIPPING apps/web/test/chat.browser.test.ts: ${CHROMIUM} not found ***\n\n`);
}

/** Waits until the app reports the given socket state. */
async function waitForConnection(page: Page, state: 'connected' | 'offline'): Promise<void> {
  await page.locator(`[data-testid="connection-state"][data-state="${state}"]`).waitFor();
}

async function register(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('auth-tab-register').click();
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByTestId('auth-submit').click();
  await waitForConnection(page, 'connected');
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('send-button').click();
}

/** DOM nodes showing exactly this text: the measure of "shown once". */
const shown = (page: Page, text: string) => page.getByText(text, { exact: true });

const member = (page: Page, username: string, online: boolean) =>
  page.locator(`[data-testid="member"][data-username="${username}"][data-online="${online}"]`);

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error(`${CHROMIUM} is required under CI=true`);
  });
});

describe.skipIf(!hasChromium)('chat in two browsers', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(`${WEB_DIR}/index.html`)) throw new Error(`${WEB_DIR} is not built; run npm run build -w @parley/web`);
    server = await startServer({ webDir: WEB_DIR });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function openPage(): Promise<{ context: BrowserContext; page: Page }> {
    if (!browser) throw new Error('browser did not start');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    contexts.push(context);
    return { context, page: await context.newPage() };
  }

  it('delivers live messages and presence, and sends a message queued offline exactly once', { timeout: 90_000 }, async () => {
    if (!server) throw new Error('server did not start');
    const { context: aliceContext, page: alice } = await openPage();
    const { page: bob } = await openPage();

    await register(alice, server.url, 'alice');
    await alice.getByTestId('create-room').click();
    await alice.getByLabel('Name', { exact: true }).fill('Lobby');
    await alice.getByTestId('create-room-submit').click();
    await expect.poll(() => alice.getByTestId('room-title').textContent()).toBe('Lobby');

    await register(bob, server.url, 'bob');
    await bob.getByRole('button', { name: 'Join Lobby' }).click();
    await expect.poll(() => bob.getByTestId('room-title').textContent()).toBe('Lobby');

    await send(alice, 'hello from alice');
    await shown(bob, 'hello from alice').waitFor();
    await send(bob, 'hi alice, bob here');
    await shown(alice, 'hi alice, bob here').waitFor();

    await member(alice, 'bob', true).waitFor();
    await member(bob, 'alice', true).waitFor();

    await aliceContext.setOffline(true);
    await waitForConnection(alice, 'offline');
    await member(bob, 'alice', false).waitFor();

    const offlineText = 'written while offline';
    await send(alice, offlineText);
    await alice.locator('[data-testid="message"][data-pending="true"]').filter({ hasText: offlineText }).waitFor();

    await aliceContext.setOffline(false);
    await waitForConnection(alice, 'connected');
    await shown(bob, offlineText).waitFor();
    await alice.locator('[data-testid="message"][data-pending="true"]').waitFor({ state: 'detached' });

    // A later message from each side is a barrier: anything duplicated would have arrived before it.
    await send(bob, 'barrier from bob');
    await shown(alice, 'barrier from bob').waitFor();
    await send(alice, 'barrier from alice');
    await shown(bob, 'barrier from alice').waitFor();
    expect(await shown(alice, offlineText).count()).toBe(1);
    expect(await shown(bob, offlineText).count()).toBe(1);
    await member(bob, 'alice', true).waitFor();
  });
});
