import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, isCi, PASSWORD, register, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { createRoom, joinRoom } from './helpers/chat-actions.js';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/unread.browser.test.ts: /usr/bin/chromium not found ***\n\n');

const item = (page: Page, name: string) => page.locator(`[data-testid="room-item"][data-room-name="${name}"]`);
const unreadOf = async (page: Page, name: string) => Number(await item(page, name).getAttribute('data-unread'));

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('send-button').click();
  await page.locator('[data-testid="message"]:not([data-pending])', { hasText: text }).waitFor();
}

async function openRoom(page: Page, name: string): Promise<void> {
  await item(page, name).locator('a').click();
  await page.locator('[data-testid="room-title"]', { hasText: name }).waitFor();
}

async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('auth-tab-login').click();
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(PASSWORD);
  await page.getByTestId('auth-submit').click();
  await waitForConnection(page, 'connected');
}

/**
 * A test double of the browser's Notification API: permission granted, and every `new Notification`
 * recorded on window so the test can read what the app would have shown.
 */
function stubNotifications(): void {
  const shown: Array<{ title: string; body: string; tag: string }> = [];
  const instances: Array<{ onclick: (() => void) | null }> = [];
  Object.assign(window, { __notifications: shown, __clickLastNotification: () => instances[instances.length - 1]?.onclick?.() });
  class FakeNotification {
    static permission = 'granted';
    static requestPermission = () => Promise.resolve('granted');
    onclick: (() => void) | null = null;
    constructor(title: string, options: { body?: string; tag?: string } = {}) {
      shown.push({ title, body: options.body ?? '', tag: options.tag ?? '' });
      instances.push(this);
    }
    close() {}
  }
  Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true, writable: true });
}
const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Array<{ title: string; body: string; tag: string }> }).__notifications);

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('/usr/bin/chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('unread counts, notifications and keyboard', () => {
  let session: BrowserSession;
  let alice: Page;
  let bob: Page;

  beforeAll(async () => {
    session = await startBrowserSession();
    alice = (await session.openPage()).page;
    bob = (await session.openPage()).page;
    await bob.addInitScript(stubNotifications);
    await register(alice, session.server.url, 'alice');
    await createRoom(alice, 'alpha');
    await createRoom(alice, 'beta');
    await createRoom(alice, '产品讨论');
    await register(bob, session.server.url, 'bob');
    await joinRoom(bob, 'alpha');
    await joinRoom(bob, 'beta');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('counts messages from others in another room, keeps the count across a reload, and clears it on every device', { timeout: 60_000 }, async () => {
    await openRoom(bob, 'alpha');
    await openRoom(alice, 'beta');
    await send(alice, 'one');
    await send(alice, 'two');
    await expect.poll(() => unreadOf(bob, 'beta')).toBe(2);
    expect(await item(bob, 'beta').locator('[data-testid="unread-badge"] > [aria-hidden="true"]').innerText()).toBe('2');
    await expect.poll(() => bob.title()).toBe('(2) Parley');
    expect(await unreadOf(bob, 'alpha')).toBe(0);

    await bob.reload();
    await waitForConnection(bob, 'connected');
    await expect.poll(() => unreadOf(bob, 'beta')).toBe(2);

    // Bob's phone: a second session of the same user.
    const { page: phone } = await session.openPage({ width: 390, height: 844 });
    await signIn(phone, session.server.url, 'bob');
    await expect.poll(() => unreadOf(phone, 'beta')).toBe(2);

    await openRoom(bob, 'beta');
    await expect.poll(() => unreadOf(bob, 'beta')).toBe(0);
    await expect.poll(() => unreadOf(phone, 'beta')).toBe(0);
    await expect.poll(() => bob.title()).toBe('Parley');
    await phone.context().close();
  });

  it('does not count own messages, nor messages in the open room', { timeout: 30_000 }, async () => {
    await openRoom(bob, 'beta');
    await send(alice, 'seen at once');
    await bob.getByText('seen at once', { exact: true }).waitFor();
    await send(bob, 'my own');
    await alice.getByText('my own', { exact: true }).waitFor();
    // A message to alpha afterwards is the barrier: had beta counted, it would show by then.
    await openRoom(alice, 'alpha');
    await send(alice, 'barrier');
    await expect.poll(() => unreadOf(bob, 'alpha')).toBe(1);
    expect(await unreadOf(bob, 'beta')).toBe(0);
  });

  it('notifies for rooms not in view, never for muted ones, and again once unmuted', { timeout: 60_000 }, async () => {
    await bob.getByTestId('enable-notifications').click();
    await expect.poll(() => bob.getByTestId('notification-toggle').getAttribute('data-state')).toBe('on');
    await bob.getByTestId('notification-banner').waitFor({ state: 'detached' });

    await openRoom(bob, 'alpha');
    await openRoom(alice, 'beta');
    await send(alice, 'ping while away');
    await expect.poll(() => notifications(bob)).toContainEqual({ title: 'beta', body: 'alice: ping while away', tag: expect.any(String) });
    // Clicking it opens the room it is about.
    await bob.evaluate(() => (window as unknown as { __clickLastNotification(): void }).__clickLastNotification());
    await bob.locator('[data-testid="room-title"]', { hasText: 'beta' }).waitFor();
    await openRoom(bob, 'alpha');

    // Messages in the room Bob looks at stay quiet.
    await openRoom(alice, 'alpha');
    await send(alice, 'in view');
    await bob.getByText('in view', { exact: true }).waitFor();
    expect((await notifications(bob)).map((n) => n.body)).not.toContain('alice: in view');

    await openRoom(bob, 'beta');
    await bob.getByTestId('mute-room').click();
    await expect.poll(() => item(bob, 'beta').getAttribute('data-muted')).toBe('true');
    await openRoom(bob, 'alpha');
    await openRoom(alice, 'beta');
    await send(alice, 'muted ping');
    await expect.poll(() => unreadOf(bob, 'beta')).toBe(1);
    expect((await notifications(bob)).map((n) => n.body)).not.toContain('alice: muted ping');
    // A muted room's count stays out of the title.
    await expect.poll(() => bob.title()).toBe('Parley');

    await openRoom(bob, 'beta');
    await bob.getByTestId('mute-room').click();
    await expect.poll(() => bob.getByTestId('mute-room').getAttribute('data-muted')).toBe('false');
    await openRoom(bob, 'alpha');
    await send(alice, 'unmuted ping');
    await expect.poll(async () => (await notifications(bob)).map((n) => n.body)).toContain('alice: unmuted ping');
  });

  it('switches rooms with Ctrl+K and the keyboard alone', { timeout: 30_000 }, async () => {
    await openRoom(bob, 'alpha');
    await bob.getByTestId('composer-input').focus();
    await bob.keyboard.press('Control+k');
    const input = bob.getByTestId('switcher-input');
    await input.waitFor();
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    await bob.keyboard.type('BET');
    await bob.keyboard.press('Enter');
    await bob.locator('[data-testid="room-title"]', { hasText: 'beta' }).waitFor();
    await bob.getByTestId('room-switcher').waitFor({ state: 'detached' });

    // Arrow keys walk the list: my rooms first (alpha, beta), then public ones to preview.
    await bob.keyboard.press('Control+k');
    await input.waitFor();
    const options = await bob.getByTestId('switcher-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-room-name')));
    expect(options).toEqual(['alpha', 'beta', '产品讨论']);
    await bob.keyboard.press('ArrowDown');
    await bob.keyboard.press('ArrowDown');
    await bob.keyboard.press('Enter');
    await bob.locator('[data-testid="room-title"]', { hasText: '产品讨论' }).waitFor();

    await bob.keyboard.press('Control+k');
    await input.waitFor();
    await bob.keyboard.press('Escape');
    await bob.getByTestId('room-switcher').waitFor({ state: 'detached' });

    // Alt+Down walks my rooms in sidebar order; from a previewed room it starts at the top.
    await bob.keyboard.press('Alt+ArrowDown');
    await bob.locator('[data-testid="room-title"]', { hasText: 'alpha' }).waitFor();
    await bob.keyboard.press('Alt+ArrowDown');
    await bob.locator('[data-testid="room-title"]', { hasText: 'beta' }).waitFor();
  });

  it('filters both room lists as you type, Chinese and full-width included', { timeout: 30_000 }, async () => {
    const names = (list: string) => bob.locator(`[data-testid="${list}"] [data-testid="room-item"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-room-name')));
    const filter = bob.getByTestId('room-filter');
    await filter.fill('讨论');
    await expect.poll(() => names('public-rooms')).toEqual(['产品讨论']);
    expect(await names('my-rooms')).toEqual([]);
    await filter.fill('ＡＬＰ');
    await expect.poll(() => names('my-rooms')).toEqual(['alpha']);
    expect(await names('public-rooms')).toEqual([]);
    await filter.fill('nothing like it');
    await bob.getByTestId('no-room-matches').waitFor();
    await filter.press('Escape');
    await expect.poll(() => names('my-rooms')).toEqual(['alpha', 'beta']);
  });

  it('closes the room drawer with Escape on a phone and gives focus back', { timeout: 30_000 }, async () => {
    const { page: phone } = await session.openPage({ width: 390, height: 844 });
    await signIn(phone, session.server.url, 'bob');
    const opener = phone.getByTestId('open-sidebar');
    await opener.click();
    const sidebar = phone.getByTestId('sidebar');
    await expect.poll(() => sidebar.getAttribute('class')).toContain('show');
    await phone.keyboard.press('Escape');
    await expect.poll(() => sidebar.getAttribute('class')).not.toContain('show');
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);

    // The member drawer too.
    await opener.click();
    await openRoom(phone, 'alpha');
    const toggle = phone.getByTestId('toggle-members');
    await toggle.click();
    const panel = phone.getByTestId('member-panel');
    await expect.poll(() => panel.getAttribute('class')).toContain('show');
    await phone.keyboard.press('Escape');
    await expect.poll(() => panel.getAttribute('class')).not.toContain(' show');
    expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    await phone.context().close();
  });
});
