import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type TestServer } from '../../../server/test/helpers/start-server.js';
import type { ConfigInput } from '../../../server/src/config/schema.js';
import type { Clock } from '../../../server/src/domain/clock.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const isCi = process.env.CI === 'true';
/** Helpers working side by side build into their own folder and point PARLEY_TEST_WEB_DIR at it. */
const WEB_DIR = process.env.PARLEY_TEST_WEB_DIR ?? fileURLToPath(new URL('../../dist', import.meta.url));
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const PASSWORD = 'correct horse battery';

/** A real server with the built client and one Chromium; every context it opens is closed with it. */
export interface BrowserSession {
  server: TestServer;
  openPage(options?: { width?: number; height?: number; locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** `clock` lets a test date what the server stores (messages on earlier days, say). */
export async function startBrowserSession(config: Partial<ConfigInput> = {}, { clock }: { clock?: Clock } = {}): Promise<BrowserSession> {
  if (!existsSync(`${WEB_DIR}/index.html`)) throw new Error(`${WEB_DIR} is not built; run npm run build -w @parley/web`);
  const server = await startServer({ webDir: WEB_DIR, ...config }, { clock });
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  } catch (err) {
    await server.close();
    throw err;
  }
  const b = browser;
  return {
    server,
    async openPage({ width = 1280, height = 800, locale = 'en-US' } = {}) {
      const context = await b.newContext({ viewport: { width, height }, locale, acceptDownloads: true });
      contexts.push(context);
      // Fail a step that never happens with a message naming it, well before the test's own timeout.
      context.setDefaultTimeout(15_000);
      return { context, page: await context.newPage() };
    },
    async close() {
      for (const c of contexts) await c.close();
      await b.close();
      await server.close();
    },
  };
}

export async function waitForConnection(page: Page, state: 'connected' | 'offline'): Promise<void> {
  await page.locator(`[data-testid="connection-state"][data-state="${state}"]`).waitFor();
}

export async function register(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('auth-tab-register').click();
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(PASSWORD);
  await page.getByTestId('auth-submit').click();
  await waitForConnection(page, 'connected');
}
