import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, joinRoom } from './helpers/chat-actions.js';
import { hasChromium, isCi, register, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { LOOKS, useLook } from './helpers/looks.js';

const SHOTS = new URL('../../../screenshots/manage/', import.meta.url).pathname;

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/room-management.browser.test.ts: chromium not found ***\n\n');

const member = (page: Page, username: string) => page.locator(`[data-testid="member"][data-username="${username}"]`);
const roomItem = (page: Page, name: string) => page.locator(`[data-testid="room-item"][data-room-name="${name}"]`);
const title = (page: Page, name: string) => page.locator('[data-testid="room-title"]', { hasText: name });

async function openRoomMenuItem(page: Page, testId: string): Promise<void> {
  await page.getByTestId('room-menu').click();
  await page.getByTestId(testId).click();
}

async function memberAction(page: Page, username: string, testId: string): Promise<void> {
  await member(page, username).getByTestId('member-actions').click();
  await page.getByTestId(testId).click();
}

/** The room menu's entries as test ids, to compare what each role is offered. */
async function roomMenuEntries(page: Page): Promise<string[]> {
  await page.getByTestId('room-menu').click();
  const ids = await page.locator('[role="menu"] [role="menuitem"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
  await page.keyboard.press('Escape');
  await page.locator('[role="menu"]').waitFor({ state: 'detached' });
  return ids;
}

/** Creates an invite in the open private room and returns the link, copied through the Copy button. */
async function copyInviteLink(page: Page): Promise<string> {
  await page.getByTestId('open-invite').click();
  await page.getByTestId('create-invite').click();
  const link = await page.getByTestId('invite-link').inputValue();
  await page.getByTestId('copy-invite').click();
  await expect.poll(() => page.getByTestId('copy-invite').textContent()).toContain('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await page.keyboard.press('Escape');
  await page.getByTestId('invite-dialog').waitFor({ state: 'detached' });
  return link;
}

async function joinThroughLink(page: Page, link: string, roomName: string): Promise<void> {
  await page.goto(link);
  await waitForConnection(page, 'connected');
  await expect.poll(() => page.locator('#invite-link').inputValue()).toBe(link);
  await page.getByTestId('join-invite-submit').click();
  await title(page, roomName).waitFor();
}

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('room management in three browsers', () => {
  let session: BrowserSession | undefined;
  let owner: Page;
  let ownerContext: BrowserContext;
  let bob: Page;
  let carol: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startBrowserSession();
    ({ page: owner, context: ownerContext } = await session.openPage());
    await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.server.url });
    bob = (await session.openPage()).page;
    carol = (await session.openPage()).page;
    await register(owner, session.server.url, 'alice');
    await register(bob, session.server.url, 'bob');
    await register(carol, session.server.url, 'carol');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('copies an invite link for a private room that others join through', { timeout: 60_000 }, async () => {
    await owner.getByTestId('create-room').click();
    await owner.locator('#room-name').fill('Planning');
    await owner.locator('#visibility-private').check();
    await owner.getByTestId('create-room-submit').click();
    await title(owner, 'Planning').waitFor();

    const link = await copyInviteLink(owner);
    await joinThroughLink(bob, link, 'Planning');
    await joinThroughLink(carol, link, 'Planning');

    for (const page of [owner, bob, carol]) {
      for (const name of ['alice', 'bob', 'carol']) await member(page, name).waitFor();
    }
    await member(owner, 'alice').locator('[data-testid="member-role"]', { hasText: 'Owner' }).waitFor();
  });

  it('offers room settings only to owners and admins, and leave to everyone (the owner is told to transfer first)', async () => {
    expect(await roomMenuEntries(owner)).toEqual(['open-room-settings', 'menu-invite', 'open-room-audit', 'leave-room', 'delete-room']);
    expect(await roomMenuEntries(bob)).toEqual(['leave-room']);
    expect(await bob.getByTestId('open-invite').count()).toBe(0);
    // Nobody but owners and admins gets a member menu; the owner has none on their own row.
    expect(await bob.getByTestId('member-actions').count()).toBe(0);
    expect(await member(owner, 'alice').getByTestId('member-actions').count()).toBe(0);
  });

  it('shows a rename and a new description live in the others’ sidebar and header', { timeout: 30_000 }, async () => {
    await openRoomMenuItem(owner, 'open-room-settings');
    await owner.getByTestId('room-settings-name').fill('   ');
    await owner.getByTestId('room-settings-save').click();
    await owner.getByTestId('room-settings-name-error').waitFor();
    expect(await owner.getByTestId('room-settings-name').getAttribute('aria-invalid')).toBe('true');

    await owner.getByTestId('room-settings-name').fill('Roadmap');
    await owner.getByTestId('room-settings-description').fill('Quarterly planning — dates, owners and the open questions we still have to settle before launch');
    await owner.getByTestId('room-settings-save').click();
    await owner.locator('[data-testid="room-settings-dialog"] [role="status"]', { hasText: 'saved' }).waitFor();
    await owner.keyboard.press('Escape');

    for (const page of [owner, bob, carol]) {
      await title(page, 'Roadmap').waitFor();
      await roomItem(page, 'Roadmap').waitFor();
      await page.getByTestId('room-description').filter({ hasText: 'Quarterly planning' }).waitFor();
    }
    // The long description is cut to one line and opens fully on demand.
    const description = bob.getByTestId('room-description');
    expect(await description.getAttribute('aria-expanded')).toBe('false');
    expect(await description.getAttribute('title')).toContain('before launch');
    await description.click();
    expect(await description.getAttribute('aria-expanded')).toBe('true');
  });

  it('promotes a member: the badge and their admin controls appear live, without a reload', { timeout: 30_000 }, async () => {
    await memberAction(owner, 'bob', 'member-promote');
    for (const page of [owner, bob, carol]) await member(page, 'bob').and(page.locator('[data-role="admin"]')).waitFor();
    await member(carol, 'bob').locator('[data-testid="member-role"]', { hasText: 'Admin' }).waitFor();

    // Bob's own client unlocks settings and the invite button, and a menu on Carol but not on the owner.
    await bob.getByTestId('open-invite').waitFor();
    expect(await roomMenuEntries(bob)).toEqual(['open-room-settings', 'menu-invite', 'leave-room']);
    await member(bob, 'carol').getByTestId('member-actions').waitFor();
    expect(await member(bob, 'alice').getByTestId('member-actions').count()).toBe(0);
    // An admin removes and bans members but does not change roles.
    await member(bob, 'carol').getByTestId('member-actions').click();
    expect(await bob.locator('[role="menuitem"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')))).toEqual(['member-remove', 'member-ban']);
    await bob.keyboard.press('Escape');

    // Where the Clipboard API refuses (no permission, plain HTTP), Copy still copies the selected link.
    await bob.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
    });
    await bob.getByTestId('open-invite').click();
    await bob.getByTestId('create-invite').click();
    await bob.getByTestId('copy-invite').click();
    await expect.poll(() => bob.getByTestId('copy-invite').textContent()).toContain('Copied');
    const link = await bob.getByTestId('invite-link').inputValue();
    expect(await bob.evaluate(() => document.getSelection()?.toString() ?? '')).toBe(link);
    await bob.keyboard.press('Escape');
  });

  it('lets an admin remove a member: the room leaves their client live with a notice', { timeout: 30_000 }, async () => {
    await memberAction(bob, 'carol', 'member-remove');
    await bob.getByTestId('confirm-dialog').filter({ hasText: 'new invite link' }).waitFor();
    await bob.getByTestId('confirm-button').click();

    await carol.locator('.toast', { hasText: 'You were removed from Roadmap' }).waitFor();
    await roomItem(carol, 'Roadmap').waitFor({ state: 'detached' });
    await carol.getByTestId('no-room').waitFor();
    for (const page of [owner, bob]) {
      await member(page, 'carol').waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('member').count()).toBe(2);
    }
  });

  it('demotes an admin: their controls lock again live, and an open settings dialog closes', { timeout: 30_000 }, async () => {
    await openRoomMenuItem(bob, 'open-room-settings');
    await bob.getByTestId('room-settings-dialog').waitFor();
    await memberAction(owner, 'bob', 'member-demote');
    await bob.getByTestId('room-settings-dialog').waitFor({ state: 'detached' });
    await member(bob, 'bob').and(bob.locator('[data-role="member"]')).waitFor();
    await bob.getByTestId('open-invite').waitFor({ state: 'detached' });
    expect(await roomMenuEntries(bob)).toEqual(['leave-room']);
    expect(await bob.getByTestId('member-actions').count()).toBe(0);
  });

  it('lets a member leave after confirming; the others see them go', { timeout: 30_000 }, async () => {
    await openRoomMenuItem(bob, 'leave-room');
    await bob.getByTestId('confirm-button').click();
    await roomItem(bob, 'Roadmap').waitFor({ state: 'detached' });
    await bob.getByTestId('no-room').waitFor();
    await member(owner, 'bob').waitFor({ state: 'detached' });
  });

  it('deletes a room only after its name is typed; it disappears for everyone with a notice', { timeout: 30_000 }, async () => {
    const link = await copyInviteLink(owner);
    await joinThroughLink(carol, link, 'Roadmap');
    await member(owner, 'carol').waitFor();

    await openRoomMenuItem(owner, 'delete-room');
    const submit = owner.getByTestId('delete-room-submit');
    expect(await submit.isDisabled()).toBe(true);
    await owner.getByTestId('delete-room-input').fill('roadmap');
    expect(await submit.isDisabled()).toBe(true);
    await owner.getByTestId('delete-room-input').fill('Roadmap');
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();

    await owner.getByTestId('no-room').waitFor();
    await roomItem(owner, 'Roadmap').waitFor({ state: 'detached' });
    await carol.locator('.toast', { hasText: 'Roadmap was deleted' }).waitFor();
    await roomItem(carol, 'Roadmap').waitFor({ state: 'detached' });
    await carol.getByTestId('no-room').waitFor();
  });

  it('turns a public room back into a preview for a removed member', { timeout: 30_000 }, async () => {
    await createRoom(owner, 'Lobby');
    // A new public room reaches other clients' lists on their next room-list load, not live.
    await carol.reload();
    await waitForConnection(carol, 'connected');
    await joinRoom(carol, 'Lobby');
    await member(owner, 'carol').waitFor();
    await memberAction(owner, 'carol', 'member-remove');
    await owner.getByTestId('confirm-button').click();

    await carol.locator('.toast', { hasText: 'You were removed from Lobby' }).waitFor();
    await carol.getByTestId('join-from-preview').waitFor();
    await title(carol, 'Lobby').waitFor();
    await roomItem(carol, 'Lobby').getByTestId('join-room').waitFor();
    await member(owner, 'carol').waitFor({ state: 'detached' });
  });

  it('screenshots the room dialogs in both themes, both languages, desktop and phone', { timeout: 180_000 }, async () => {
    await owner.getByTestId('create-room').click();
    await owner.locator('#room-name').fill('设计评审 Design');
    await owner.locator('#room-description').fill('每周四下午的设计评审：带上原型、问题和截图。Weekly design review.');
    await owner.locator('#visibility-private').check();
    await owner.getByTestId('create-room-submit').click();
    await title(owner, '设计评审').waitFor();
    const link = await copyInviteLink(owner);
    await joinThroughLink(bob, link, '设计评审');
    await memberAction(owner, 'bob', 'member-promote');
    await member(owner, 'bob').and(owner.locator('[data-role="admin"]')).waitFor();

    for (const look of LOOKS) {
      await useLook(owner, look);
      await title(owner, '设计评审').waitFor();
      const shot = (name: string) => owner.screenshot({ path: `${SHOTS}${name}-${look.name}.png` });
      if (look.width < 1200) await owner.getByTestId('toggle-members').click();
      await member(owner, 'bob').getByTestId('member-actions').click();
      await shot('members-menu');
      await owner.keyboard.press('Escape');
      if (look.width < 1200) {
        await owner.keyboard.press('Escape');
        await owner.getByTestId('close-members').waitFor({ state: 'hidden' });
      }
      await openRoomMenuItem(owner, 'open-room-settings');
      await owner.getByTestId('create-invite').click();
      await owner.getByTestId('invite-link').waitFor();
      await shot('room-settings');
      await owner.keyboard.press('Escape');
      await openRoomMenuItem(owner, 'delete-room');
      await owner.getByTestId('delete-room-input').fill('设计');
      await shot('delete-room');
      await owner.keyboard.press('Escape');
      await owner.getByTestId('room-menu').click();
      await shot('room-menu');
      await owner.keyboard.press('Escape');
    }
  });
});
