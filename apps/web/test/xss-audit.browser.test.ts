import type { Room } from '@parley/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from '../../server/test/helpers/api.js';
import { hasChromium, isCi, register, startBrowserSession, type BrowserSession } from './helpers/browser-session.js';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/xss-audit.browser.test.ts: chromium not found ***\n\n');

// The audit log shows text that anyone on the internet can choose: the username of a failed login
// is written by whoever types it. Admins and owners read it; nothing in it may run.
const RUN = 'window.__pwned=1;alert(1)';
const LOGIN_NAME = `<img src=x onerror="${RUN}">`;
const ROOM_NAME = 'Audited room';
const RENAMED = `<svg onload="${RUN}">`;

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('hostile text in the audit log', () => {
  let session: BrowserSession | undefined;
  let admin: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    session = await startBrowserSession();
    const { url } = session.server;
    admin = (await session.openPage()).page;
    admin.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    // The first account is the instance admin.
    await register(admin, url, 'admin');
    const mallory = await registerUser(url, 'mallory');
    const failed = await api(url, 'POST', '/api/auth/login', { body: { username: LOGIN_NAME, password: 'guessing away' } });
    expect(failed.status).toBe(401);
    // Mallory owns a room and renames it to a payload: the owner's audit shows old and new names.
    const room = (await api<Room>(url, 'POST', '/api/rooms', { token: mallory.accessToken, body: { name: ROOM_NAME } })).body;
    expect((await api(url, 'PATCH', `/api/rooms/${room.id}`, { token: mallory.accessToken, body: { name: RENAMED } })).status).toBe(200);
  }, 60_000);

  afterEach(async () => {
    expect(dialogs).toEqual([]);
    expect(await admin.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  afterAll(async () => {
    await session?.close();
  });

  it("shows a failed login's hostile username to the admin as text", async () => {
    await admin.getByTestId('user-menu').click();
    await admin.getByTestId('open-instance-audit').click();
    const dialog = admin.getByTestId('audit-dialog');
    await dialog.getByTestId('audit-entry').first().waitFor();
    await dialog.getByTestId('audit-action-filter').selectOption('auth.login_failed');
    const failed = dialog.locator('[data-testid="audit-entry"][data-action="auth.login_failed"]');
    await expect.poll(() => failed.count()).toBe(1);
    expect(await failed.getByTestId('audit-entry-details').textContent()).toContain(LOGIN_NAME.normalize('NFC').toLowerCase());
  });

  it("shows the rename's old and new names as text, and puts no script-bearing markup in the page", async () => {
    const dialog = admin.getByTestId('audit-dialog');
    await dialog.getByTestId('audit-action-filter').selectOption('room.updated');
    const renamed = dialog.locator('[data-testid="audit-entry"][data-action="room.updated"]');
    await expect.poll(() => renamed.count()).toBe(1);
    expect(await renamed.getByTestId('audit-entry-details').textContent()).toContain(RENAMED);
    const found = await admin.evaluate(() => ({
      handlers: Array.from(document.querySelectorAll('body *')).flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on')).map((n) => `${el.tagName}[${n}]`)),
      injected: document.querySelectorAll('[data-testid="audit-dialog"] :is(img, svg, script, iframe)').length,
    }));
    expect(found).toEqual({ handlers: [], injected: 0 });
  });
});
