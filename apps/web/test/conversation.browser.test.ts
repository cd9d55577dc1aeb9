import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, isCi, register, startBrowserSession, type BrowserSession } from './helpers/browser-session.js';
import { createRoom, joinRoom } from './helpers/chat-actions.js';
import { notifications, optInAndMuteRoom, recordNotifications } from './helpers/notifications.js';

// Issue #9's one journey through the conversation features, two people in two browsers: a direct
// message, a reply, a reaction, an edit, a deletion and a mention that notifies in a muted room. Each
// feature has its own deeper test file (direct-mentions, message-actions, search-replies); this one
// proves they work together in one session.

if (!hasChromium && !isCi) process.stderr.write(`\n*** SKIPPING apps/web/test/conversation.browser.test.ts: ${CHROMIUM} not found ***\n\n`);

/** The sent message whose own body has `text` (a reply's quote of it does not count). */
const message = (page: Page, text: string) =>
  page.locator('[data-testid="message"]:not([data-pending])', { has: page.locator('[data-testid="message-body"]', { hasText: text }) });
const directItem = (page: Page, name: string) => page.locator(`[data-testid="direct-item"][data-name="${name}"]`);
const roomItem = (page: Page, name: string) => page.locator(`[data-testid="room-item"][data-room-name="${name}"]`);

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
  await message(page, text).waitFor();
}

async function action(page: Page, text: string, testId: string): Promise<void> {
  const row = message(page, text);
  await row.hover();
  if ((await row.getByTestId(testId).count()) === 0) await row.getByTestId('action-more').click();
  await page.getByTestId(testId).first().click();
}

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('/usr/bin/chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('a conversation: DM, reply, reaction, edit, delete, mention', () => {
  let session: BrowserSession;
  let alice: Page;
  let bob: Page;

  beforeAll(async () => {
    session = await startBrowserSession();
    alice = (await session.openPage()).page;
    const b = await session.openPage();
    bob = b.page;
    await b.context.grantPermissions(['notifications'], { origin: session.server.url });
    await bob.addInitScript(recordNotifications);
    await register(alice, session.server.url, 'alice');
    await createRoom(alice, 'ops');
    await register(bob, session.server.url, 'bob');
    await joinRoom(bob, 'ops');
    await optInAndMuteRoom(bob, 'ops');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('goes through every feature between two people, each change live on the other side', { timeout: 120_000 }, async () => {
    // Direct message, opened from the member list.
    await alice.locator('[data-testid="member"][data-username="bob"] [data-testid="member-message"]').click();
    await alice.getByTestId('direct-header').waitFor();
    await expect.poll(() => alice.getByTestId('system-message').first().textContent()).toContain('alice started this conversation');
    await send(alice, 'are you on call tonight?');
    await directItem(bob, 'alice').locator('a').click();
    await message(bob, 'are you on call tonight?').waitFor();

    // Reply: bob answers alice's message; alice sees the quote.
    const asked = message(bob, 'are you on call tonight?');
    await asked.hover();
    await asked.getByTestId('action-reply').click();
    await bob.getByTestId('reply-bar').waitFor();
    await send(bob, 'yes, until 8am');
    await expect.poll(() => message(alice, 'yes, until 8am').getByTestId('reply-quote').textContent()).toContain('are you on call tonight?');

    // Reaction: alice reacts to the reply; bob sees the count.
    const reply = message(alice, 'yes, until 8am');
    await reply.hover();
    await reply.getByTestId('action-react').click();
    await alice.locator('[data-testid="reaction-option"][data-emoji="👍"]').first().click();
    const bobChip = message(bob, 'yes, until 8am').locator('[data-testid="reaction-chip"][data-emoji="👍"]');
    await expect.poll(() => bobChip.textContent()).toContain('1');

    // Edit: alice corrects her message; bob sees the new text marked edited.
    await action(alice, 'are you on call tonight?', 'action-edit');
    await alice.getByTestId('edit-input').fill('are you on call this weekend?');
    await alice.getByTestId('edit-input').press('Enter');
    await message(bob, 'are you on call this weekend?').getByTestId('edited-mark').waitFor();
    // Bob's quote follows the edit too.
    await expect.poll(() => message(bob, 'yes, until 8am').getByTestId('reply-quote').textContent()).toContain('this weekend');

    // Delete: alice sends and deletes a message; bob sees a tombstone instead.
    await send(alice, 'wrong chat, ignore');
    await message(bob, 'wrong chat, ignore').waitFor();
    await action(alice, 'wrong chat, ignore', 'action-delete');
    await alice.getByTestId('confirm-button').click();
    await expect.poll(() => message(bob, 'wrong chat, ignore').count()).toBe(0);
    await expect.poll(() => bob.getByTestId('message-tombstone').count()).toBe(1);

    // Mention: in the room bob muted, @bob still badges and notifies.
    await roomItem(alice, 'ops').locator('a').click();
    await alice.locator('[data-testid="room-title"]', { hasText: 'ops' }).waitFor();
    const input = alice.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('@bo');
    await alice.locator('[data-testid="mention-option"][data-name="bob"]').waitFor();
    await input.press('Enter');
    await input.pressSequentially('the disk alert is yours');
    await input.press('Enter');
    await expect.poll(() => roomItem(bob, 'ops').getAttribute('data-mentions')).toBe('1');
    await expect.poll(() => notifications(bob)).toContainEqual({ title: 'alice mentioned you in #ops', body: '@bob the disk alert is yours' });
  });
});
