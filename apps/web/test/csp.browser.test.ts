import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attach, chip, createRoom, loadedThumbWidths, sendComposer } from './helpers/chat-actions.js';
import { hasChromium, isCi, register, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { makePng } from './helpers/files.js';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/csp.browser.test.ts: chromium not found ***\n\n');

/** The policy the server must send for the SPA, spelled out so any loosening fails here. */
const SPA_CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' blob: data:;connect-src 'self';font-src 'self';" +
  "object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'";

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** What the page did: every URL it asked for (sockets included), its cookies, console lines and CSP violations. */
interface PageLog {
  requests: Array<{ url: string; cookie: string }>;
  console: string[];
  errors: string[];
  /** Waits until the headers of every request seen so far have been read. */
  settle(): Promise<unknown>;
}

/**
 * Every CSP violation is pushed to window.__violations by a listener installed before any script of
 * the page runs, so even a violation during start-up is caught.
 */
function watch(context: BrowserContext, page: Page): PageLog {
  const pending: Array<Promise<void>> = [];
  const record: PageLog = { requests: [], console: [], errors: [], settle: () => Promise.all(pending) };
  page.on('request', (req: Request) => {
    pending.push(req.allHeaders().then((h) => void record.requests.push({ url: req.url(), cookie: h.cookie ?? '' })));
  });
  page.on('websocket', (ws) => record.requests.push({ url: ws.url(), cookie: '' }));
  page.on('console', (msg) => record.console.push(`${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => record.errors.push(err.message));
  void context.addInitScript(() => {
    const w = window as unknown as { __violations: Violation[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` });
    });
  });
  return record;
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);
const storedAccessToken = (page: Page) =>
  page.evaluate(() => (JSON.parse(localStorage.getItem('parley.session') ?? '{}') as { accessToken?: string }).accessToken);

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('the client under the strict CSP', () => {
  let session: BrowserSession | undefined;
  let context: BrowserContext;
  let page: Page;
  let record: PageLog;
  let baseUrl: string;
  /** Every access and refresh token the session held at some point. */
  const secrets = new Set<string>();

  async function collectSecrets(): Promise<void> {
    const access = await storedAccessToken(page);
    if (access) secrets.add(access);
    for (const c of await context.cookies()) if (c.name === 'parley_refresh' && c.value) secrets.add(c.value);
  }

  beforeAll(async () => {
    session = await startBrowserSession();
    baseUrl = session.server.url;
    ({ context, page } = await session.openPage());
    record = watch(context, page);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('sends the exact policy with the page', async () => {
    const res = await page.goto(baseUrl);
    expect(res?.headers()['content-security-policy']).toBe(SPA_CSP);
    expect(res?.headers()['x-frame-options']).toBe('DENY');
  });

  it('runs a whole session with no CSP violation and no token in any URL or script-readable cookie', { timeout: 90_000 }, async () => {
    await register(page, baseUrl, `csp_${process.pid}`);
    await collectSecrets();
    await createRoom(page, 'Policy');

    // An image message: its thumbnail is fetched with the bearer token and shown through a blob: URL.
    await attach(page, [{ name: 'blue.png', mimeType: 'image/png', buffer: await makePng() }]);
    await chip(page, 'blue.png').and(page.locator('[data-status="done"]')).waitFor();
    await sendComposer(page, 'a picture');
    await expect.poll(async () => (await loadedThumbWidths(page)).filter((w) => w > 0).length).toBe(1);
    expect(await page.getByTestId('attachment-image').getAttribute('src')).toMatch(/^blob:/);
    await page.getByTestId('attachment-thumb').click();
    await page.getByTestId('lightbox-image').waitFor();
    await page.keyboard.press('Escape');

    // Markdown (a lazily loaded chunk), the emoji picker and a plain message.
    await sendComposer(page, '**bold**, `code` and [a link](https://example.com/docs)');
    await page.locator('[data-testid="message-body"] strong', { hasText: 'bold' }).waitFor();
    await page.getByTestId('emoji-button').click();
    await page.getByTestId('emoji-option').first().click();
    await page.getByTestId('send-button').click();

    // Dark mode, the profile dialog and an avatar (public, fetched by plain URL).
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('theme-dark').click();
    await page.getByTestId('user-menu').click();
    await page.getByTestId('open-profile').click();
    await page.getByTestId('profile-dialog').waitFor();
    await page.getByTestId('avatar-input').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: await makePng(300, 300, '#c36') });
    await page.getByTestId('avatar-remove').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('profile-dialog').waitFor({ state: 'detached' });

    // A reload with the stored session, then one with storage wiped: the HttpOnly cookie resumes it.
    await page.reload();
    await waitForConnection(page, 'connected');
    await page.evaluate(() => localStorage.removeItem('parley.session'));
    await page.reload();
    await waitForConnection(page, 'connected');
    await collectSecrets();

    const cookie = (await context.cookies()).find((c) => c.name === 'parley_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth', secure: false });
    expect(await page.evaluate(() => document.cookie)).toBe('');

    await record.settle();
    expect(await violations(page)).toEqual([]);
    expect(record.console.filter((l) => /Content.Security.Policy|Refused to|Permissions.Policy/i.test(l))).toEqual([]);
    expect(record.errors).toEqual([]);
    expect(secrets.size).toBeGreaterThanOrEqual(3);
    for (const { url: requested } of record.requests) {
      for (const secret of secrets) expect(requested).not.toContain(secret);
      expect(requested).not.toMatch(/eyJ[\w-]+\.eyJ|token=/i);
    }
    // The cookie goes to /api/auth only: never to the rest of the API, the socket or the assets.
    const carriers = record.requests.filter((r) => r.cookie.includes('parley_refresh')).map((r) => new URL(r.url).pathname);
    expect(carriers.length).toBeGreaterThan(0);
    for (const path of carriers) expect(path).toMatch(/^\/api\/auth\//);
  });

  it('signs out through the route, which clears the cookie, and a reload stays signed out', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('auth-submit').waitFor();
    expect((await context.cookies()).filter((c) => c.name === 'parley_refresh')).toEqual([]);
    await page.reload();
    await page.getByTestId('auth-submit').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('parley.session'))).toBeNull();
    expect(await violations(page)).toEqual([]);
  });

  it('is watched by a detector that does see a violation (control: an injected inline script is blocked)', async () => {
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { __ran?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.__ran = true';
      document.body.append(script);
      await new Promise((r) => setTimeout(r, 50));
      return w.__ran === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations(page)).toEqual([{ directive: 'script-src-elem', blocked: 'inline', source: expect.any(String) }]);
  });
});
