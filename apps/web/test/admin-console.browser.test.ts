import { mkdirSync } from 'node:fs';
import type { Room } from '@parley/protocol';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from '../../server/test/helpers/api.js';
import { connect } from '../../server/test/helpers/ws-client.js';
import { report, audit } from './helpers/axe.js';
import { attach, chip } from './helpers/chat-actions.js';
import { hasChromium, isCi, PASSWORD, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { makeNoise } from './helpers/files.js';
import { LOOKS, useLook } from './helpers/looks.js';

// Screenshots of the dashboard and the settings in the eight looks land in the gitignored
// screenshots/admin-console/ folder for a person to look at.
const SHOTS = new URL('../../../screenshots/admin-console/', import.meta.url).pathname;
const ROOM = 'Ops';
/** The lazy chunk of the console; a non-admin's browser must never ask for it. */
const ADMIN_CHUNK = /\/assets\/AdminConsole-[\w-]+\.(js|css)$/;

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/admin-console.browser.test.ts: chromium not found ***\n\n');

async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('auth-tab-login').click();
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(PASSWORD);
  await page.getByTestId('auth-submit').click();
  await waitForConnection(page, 'connected');
}

/** Sends `count` messages into a room over a real socket, as a chat client would. */
async function seedMessages(wsUrl: string, token: string, roomId: string, count: number): Promise<void> {
  const client = await connect(wsUrl, token, [{ roomId }]);
  try {
    for (let i = 0; i < count; i++) {
      const clientMsgId = `seed-${Date.now()}-${i}`;
      const reply = await client.request({ type: 'message.send', roomId, clientMsgId, body: `status ${i}` } as never);
      if (reply.type === 'error') throw new Error(`send failed: ${JSON.stringify(reply)}`);
      await client.next('message.created', (f) => f.message.clientMsgId === clientMsgId);
    }
  } finally {
    await client.close();
  }
}

async function openConsole(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('open-admin-console').click();
  await page.getByTestId('admin-console').waitFor();
}

async function selectTab(page: Page, tab: string): Promise<void> {
  await page.getByTestId(`admin-tab-${tab}`).click();
  await page.getByTestId(`admin-panel-${tab}`).waitFor();
}

/** Saves the settings form and waits for the server's answer. */
async function save(page: Page): Promise<void> {
  const answered = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/admin/settings' && res.request().method() === 'PATCH');
  await page.getByTestId('settings-save').click();
  await answered;
}

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('admin console in the browser', () => {
  let session: BrowserSession | undefined;
  let admin: Page;
  let bob: Page;
  let adminToken: string;
  let room: Room;
  const bobUploads: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startBrowserSession();
    const { url, wsUrl } = session.server;
    // The first account is the instance admin.
    const first = await registerUser(url, 'admin');
    adminToken = first.accessToken;
    const second = await registerUser(url, 'bob');
    room = await createRoom(url, adminToken, { name: ROOM, visibility: 'public' });
    expect((await api(url, 'POST', `/api/rooms/${room.id}/join`, { token: second.accessToken, body: {} })).status).toBe(200);
    await seedMessages(wsUrl, adminToken, room.id, 3);

    admin = (await session.openPage()).page;
    await logIn(admin, url, first.user.username);
    bob = (await session.openPage()).page;
    bob.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/uploads') bobUploads.push(req.method());
    });
    await logIn(bob, url, second.user.username);
    await bob.locator(`[data-testid="room-item"][data-room-name="${ROOM}"]`).click();
    await bob.locator('[data-testid="room-title"]', { hasText: ROOM }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('opens from the user menu at the dashboard, with the seeded numbers in cards and charts', async () => {
    await openConsole(admin);
    expect(new URL(admin.url()).hash).toBe('#/admin/dashboard');
    expect(await admin.getByTestId('admin-tab-dashboard').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => admin.getByTestId('stat-messages').textContent()).toBe('3');
    expect(await admin.getByTestId('stat-users').textContent()).toBe('2');
    expect(await admin.getByTestId('stat-rooms').textContent()).toBe('1');

    const day = admin.getByTestId('chart-messages-24h');
    const bars = day.locator('rect.admin-chart-bar');
    expect(await bars.count()).toBe(24);
    expect(await bars.evaluateAll((els) => els.reduce((n, el) => n + Number(el.getAttribute('data-value')), 0))).toBe(3);
    expect(await admin.getByTestId('chart-messages-24h-summary').textContent()).toMatch(/^3 messages in the last 24 hours, peak 3 at \d\d:00\.$/);
    expect(await day.locator('table caption').textContent()).toBe('Messages per hour, last 24 hours');

    // Hovering the newest bar shows its value.
    const last = bars.last();
    const box = (await last.boundingBox())!;
    await admin.mouse.move(box.x + box.width / 2, box.y + box.height - 2);
    await expect.poll(() => admin.getByTestId('chart-messages-24h-tip').textContent()).toMatch(/^\d\d:00 · 3 messages$/);
  });

  it('switches the messages chart between 24 hours and 30 days, and refreshes on demand', async () => {
    await admin.getByTestId('range-30d').click();
    const month = admin.getByTestId('chart-messages-30d');
    await month.waitFor();
    expect(await month.locator('rect.admin-chart-bar').count()).toBe(720);
    expect(await admin.getByTestId('chart-messages-30d-summary').textContent()).toMatch(/^3 messages in the last 30 days, busiest hour 3 at \d+\/\d+ \d\d:00\.$/);
    expect(await admin.getByTestId('range-30d').getAttribute('aria-pressed')).toBe('true');

    await seedMessages(session!.server.wsUrl, adminToken, room.id, 1);
    await admin.getByTestId('dashboard-refresh').click();
    await expect.poll(() => admin.getByTestId('stat-messages').textContent()).toBe('4');
    expect(await admin.getByTestId('chart-messages-30d-summary').textContent()).toMatch(/^4 messages in the last 30 days/);
    await admin.getByTestId('range-24h').click();
    await admin.getByTestId('chart-messages-24h').waitFor();
  });

  it('renames the instance and the other browser shows the new name live, without a reload', async () => {
    await selectTab(admin, 'settings');
    await bob.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    await admin.getByTestId('settings-name').fill('Acme 聊天 <b>');
    await save(admin);
    await admin.getByTestId('settings-saved').filter({ hasText: 'Saved' }).waitFor();

    // The title may lead with an unread count: "(1) Acme 聊天 <b>".
    await expect.poll(() => bob.title()).toMatch(/(^|\) )Acme 聊天 <b>$/);
    expect(await bob.getByTestId('instance-name').textContent()).toBe('Acme 聊天 <b>');
    expect(await bob.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    // Only what changed was sent.
    const audited = await api<{ entries: Array<{ action: string; details: unknown }> }>(session!.server.url, 'GET', '/api/admin/audit?action=admin.settings_updated', { token: adminToken });
    expect(JSON.stringify(audited.body.entries[0]?.details)).toContain('instanceName');
    expect(JSON.stringify(audited.body.entries[0]?.details)).not.toContain('registration');
  });

  it('closes registration, and a fresh browser says so on its register tab', async () => {
    await admin.getByTestId('settings-registration-closed').check();
    await save(admin);
    const { page: visitor } = await session!.openPage();
    await visitor.goto(session!.server.url);
    await visitor.getByTestId('auth-tab-register').click();
    await visitor.getByTestId('auth-registration-closed').waitFor();
    expect(await visitor.getByTestId('instance-name').textContent()).toBe('Acme 聊天 <b>');
    await admin.getByTestId('settings-registration-open').check();
    await save(admin);
  });

  it('speaks the default language to a visitor whose browser asks for none Parley has, and only to them', async () => {
    await admin.getByTestId('settings-language').selectOption('zh-CN');
    await save(admin);
    const { page: french } = await session!.openPage({ locale: 'fr-FR' });
    await french.goto(session!.server.url);
    await expect.poll(() => french.getByTestId('auth-tab-login').textContent()).toBe('登录');
    const { page: english } = await session!.openPage({ locale: 'en-US' });
    await english.goto(session!.server.url);
    await english.getByTestId('instance-name').waitFor();
    expect(await english.getByTestId('auth-tab-login').textContent()).toBe('Sign in');
    expect(await admin.getByTestId('admin-tab-settings').textContent()).toBe('Settings');
    await admin.getByTestId('settings-language').selectOption('en');
    await save(admin);
  });

  it("shows the server's upload ceiling at the size field", async () => {
    await admin.getByTestId('settings-max-upload').fill('100');
    await save(admin);
    await expect.poll(() => admin.getByTestId('error-maxUploadBytes').textContent()).toContain('at most 25 MB per file');
    expect(await admin.getByTestId('settings-max-upload').getAttribute('aria-invalid')).toBe('true');
  });

  it('lowers the upload limit, and the other browser refuses a bigger file before uploading it', async () => {
    await admin.getByTestId('settings-max-upload').fill('1');
    await admin.getByTestId('settings-name').fill('Acme 2');
    await save(admin);
    await expect.poll(() => bob.title()).toMatch(/(^|\) )Acme 2$/);
    await attach(bob, [{ name: 'big.bin', mimeType: 'application/octet-stream', buffer: makeNoise(1024 * 1024 + 1) }]);
    await expect.poll(() => chip(bob, 'big.bin').getByTestId('upload-error').textContent()).toBe('Too large (max 1 MB).');
    expect(await chip(bob, 'big.bin').getAttribute('data-status')).toBe('failed');
    expect(bobUploads).toEqual([]);
  });

  it('shows a content type the protocol refuses at the field, and saves only valid patterns', async () => {
    await admin.getByTestId('file-type-input').fill('pdf');
    await admin.getByTestId('file-type-add').click();
    await expect.poll(() => admin.getByTestId('error-allowedFileTypes').textContent()).toContain('pdf');
    await admin.getByTestId('file-type-input').fill('text/plain, application/zip');
    await admin.keyboard.press('Enter');
    const types = () => admin.getByTestId('file-type-chip').evaluateAll((els) => els.map((el) => el.getAttribute('data-type')));
    expect(await types()).toEqual(expect.arrayContaining(['text/plain', 'application/zip']));
    await save(admin);
    const answer = await api<{ allowedFileTypes: string[] }>(session!.server.url, 'GET', '/api/instance');
    expect(answer.body.allowedFileTypes).toEqual(expect.arrayContaining(['text/plain', 'application/zip']));
  });

  it('moves between tabs with the arrow keys, keeps the tab in the URL, and closes with Escape and Back', async () => {
    await admin.getByTestId('admin-tab-dashboard').focus();
    await admin.keyboard.press('ArrowRight');
    await admin.getByTestId('admin-panel-users').waitFor();
    expect(new URL(admin.url()).hash).toBe('#/admin/users');
    expect(await admin.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('admin-tab-users');
    // The chat's room switcher stays shut while the console covers the chat.
    await admin.keyboard.press('Control+k');
    expect(await admin.getByTestId('room-switcher').count()).toBe(0);
    await admin.keyboard.press('End');
    // The saves above are in the instance audit log.
    await admin.getByTestId('admin-panel-audit').locator('[data-testid="audit-entry"][data-action="admin.settings_updated"]').first().waitFor();

    await admin.keyboard.press('Escape');
    await admin.getByTestId('admin-console').waitFor({ state: 'detached' });
    expect(new URL(admin.url()).hash).toBe('');

    await openConsole(admin);
    await selectTab(admin, 'settings');
    await admin.goBack();
    await admin.getByTestId('admin-console').waitFor({ state: 'detached' });

    // A link straight to a tab opens it after a reload.
    await admin.goto(`${session!.server.url}/#/admin/settings`);
    await admin.getByTestId('admin-panel-settings').getByTestId('settings-form').waitFor();
  });

  it('never offers the console to a non-admin, nor downloads its code for them', async () => {
    const { page: carol } = await session!.openPage();
    const requested: string[] = [];
    carol.on('request', (req) => requested.push(new URL(req.url()).pathname));
    const me = carol.waitForResponse((res) => new URL(res.url()).pathname === '/api/me' && res.request().method() === 'GET');
    const carolUser = await registerUser(session!.server.url, 'carol');
    await logIn(carol, session!.server.url, carolUser.user.username);
    await me;
    await carol.getByTestId('user-menu').click();
    expect(await carol.getByTestId('open-admin-console').count()).toBe(0);
    await carol.keyboard.press('Escape');
    // Even a link straight to the console opens nothing.
    await carol.goto(`${session!.server.url}/#/admin/dashboard`);
    const meAgain = carol.waitForResponse((res) => new URL(res.url()).pathname === '/api/me');
    await carol.reload();
    await waitForConnection(carol, 'connected');
    await meAgain;
    expect(await carol.getByTestId('admin-console').count()).toBe(0);
    expect(requested.filter((p) => ADMIN_CHUNK.test(p))).toEqual([]);
    expect(requested.some((p) => p.startsWith('/api/admin/'))).toBe(false);
  });

  for (const look of LOOKS) {
    it(`shows the dashboard and the settings (${look.name})`, async () => {
      await admin.goto(`${session!.server.url}/#/admin/dashboard`);
      await useLook(admin, look);
      await admin.getByTestId('chart-messages-24h').waitFor();
      await admin.mouse.move(1, 1);
      const overflow = () => admin.getByTestId('admin-console').evaluate((el) => el.querySelector('.admin-console-body')!.scrollWidth - el.clientWidth);
      await admin.screenshot({ path: `${SHOTS}dashboard-${look.name}.png`, fullPage: true });
      expect(await overflow()).toBeLessThanOrEqual(0);
      expect(report(`dashboard ${look.name}`, await audit(admin))).toBe('');
      await selectTab(admin, 'settings');
      await admin.getByTestId('settings-form').waitFor();
      await admin.screenshot({ path: `${SHOTS}settings-${look.name}.png`, fullPage: true });
      expect(await overflow()).toBeLessThanOrEqual(0);
      expect(report(`settings ${look.name}`, await audit(admin))).toBe('');
    });
  }
});
