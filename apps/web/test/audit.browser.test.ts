import { mkdirSync } from 'node:fs';
import type { Invite, Room } from '@parley/protocol';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from '../../server/test/helpers/api.js';
import { hasChromium, isCi, PASSWORD, register, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { LOOKS, useLook } from './helpers/looks.js';

const SHOTS = new URL('../../../screenshots/audit/', import.meta.url).pathname;

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/audit.browser.test.ts: chromium not found ***\n\n');

const HOSTILE = '<img src=x onerror=pwned()> Bob';
const ROOM = 'Audit room';

async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __xss: number; pwned: () => void };
    w.__xss = 0;
    w.pwned = () => {
      w.__xss += 1;
    };
  });
  await page.goto(url);
  await page.getByTestId('auth-tab-login').click();
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(PASSWORD);
  await page.getByTestId('auth-submit').click();
  await waitForConnection(page, 'connected');
}

async function openRoom(page: Page): Promise<void> {
  // After a reload the room is open again (it is in the URL); on a phone the list is then hidden in its drawer.
  if (await page.locator('[data-testid="room-title"]', { hasText: ROOM }).isVisible()) return;
  await page.locator(`[data-testid="room-item"][data-room-name="${ROOM}"]`).click();
  await page.locator('[data-testid="room-title"]', { hasText: ROOM }).waitFor();
}

async function menuIds(page: Page, menu: string, items: string): Promise<string[]> {
  await page.getByTestId(menu).click();
  const ids = await page.locator(items).evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
  await page.keyboard.press('Escape');
  return ids;
}

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('audit log in the browser', () => {
  let session: BrowserSession | undefined;
  let owner: Page;
  let ownerName: string;
  let bobName: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startBrowserSession();
    const { url } = session.server;
    // The first account is the instance admin; it owns the room too.
    const alice = await registerUser(url, 'alice');
    ownerName = alice.user.username;
    const bob = await registerUser(url, 'bob');
    bobName = bob.user.username;
    const token = alice.accessToken;
    expect((await api(url, 'PATCH', '/api/me', { token: bob.accessToken, body: { displayName: HOSTILE } })).status).toBe(200);
    const room = (await api<Room>(url, 'POST', '/api/rooms', { token, body: { name: ROOM, visibility: 'private' } })).body;
    const invite = (await api<Invite>(url, 'POST', `/api/rooms/${room.id}/invites`, { token, body: {} })).body;
    await api(url, 'POST', `/api/rooms/${room.id}/join`, { token: bob.accessToken, body: { inviteCode: invite.code } });
    await api(url, 'POST', `/api/rooms/${room.id}/members/${bob.user.id}/role`, { token, body: { role: 'admin' } });
    await api(url, 'DELETE', `/api/rooms/${room.id}/members/${bob.user.id}`, { token });
    await api(url, 'POST', '/api/auth/login', { body: { username: bob.user.username, password: 'not the password' } });

    owner = (await session.openPage()).page;
    await logIn(owner, url, ownerName);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it("shows the room owner the room's events, names as text", async () => {
    await openRoom(owner);
    await owner.getByTestId('room-menu').click();
    await owner.getByTestId('open-room-audit').click();
    const dialog = owner.getByTestId('audit-dialog');
    await dialog.getByTestId('audit-entry').first().waitFor();
    const actions = await dialog.getByTestId('audit-entry').evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    expect(actions).toEqual(['room.member_kicked', 'room.role_changed', 'invite.created']);
    expect(await dialog.getByTestId('audit-entry-action').first().textContent()).toBe('Member removed');
    expect(await dialog.getByTestId('audit-entry-target').first().textContent()).toBe(`${HOSTILE} (@${bobName})`);
    expect(await owner.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
    await owner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('lets the instance admin filter the instance log to failed sign-ins', async () => {
    await owner.getByTestId('user-menu').click();
    await owner.getByTestId('open-instance-audit').click();
    const dialog = owner.getByTestId('audit-dialog');
    await dialog.getByTestId('audit-entry').first().waitFor();
    await dialog.getByTestId('audit-action-filter').selectOption('auth.login_failed');
    await expect.poll(() => dialog.getByTestId('audit-entry').evaluateAll((els) => els.map((el) => el.getAttribute('data-action')))).toEqual(['auth.login_failed']);
    expect(await dialog.getByTestId('audit-entry-details').textContent()).toBe(`Username “${bobName.toLowerCase()}”: wrong password`);
    await owner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('offers the instance log to instance admins only', async () => {
    const carol = (await session!.openPage()).page;
    // The menu learns the flag from GET /api/me; look only once that answer is in.
    const me = carol.waitForResponse((res) => new URL(res.url()).pathname === '/api/me' && res.request().method() === 'GET');
    await register(carol, session!.server.url, 'carol');
    await me;
    expect(await menuIds(carol, 'user-menu', '.user-menu [data-testid]')).not.toContain('open-instance-audit');
  });

  for (const look of LOOKS) {
    it(`fits the room log on screen (${look.name})`, async () => {
      await useLook(owner, look);
      await openRoom(owner);
      await owner.getByTestId('room-menu').click();
      await owner.getByTestId('open-room-audit').click();
      const dialog = owner.getByTestId('audit-dialog');
      await dialog.getByTestId('audit-entry').first().waitFor();
      const overflow = await dialog.locator('.modal-content').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await owner.screenshot({ path: `${SHOTS}room-log-${look.name}.png` });
      await owner.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    });
  }
});
