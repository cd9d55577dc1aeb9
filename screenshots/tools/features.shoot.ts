import type { Page } from 'playwright-core';
import { it } from 'vitest';
import { createRoom, joinRoom, sendComposer } from '../../apps/web/test/helpers/chat-actions';
import { register, startBrowserSession, waitForConnection } from '../../apps/web/test/helpers/browser-session';

// The README's pictures of issue #9's conversation features: replies, reactions, edits, a deleted
// message, a pin and a mention in one room; search in Chinese; a direct message on a phone.
const OUT = new URL('../readme/', import.meta.url).pathname;

const message = (page: Page, text: string) =>
  page.locator('[data-testid="message"]:not([data-pending])', { has: page.locator('[data-testid="message-body"]', { hasText: text }) });

async function act(page: Page, text: string, testId: string): Promise<void> {
  const row = message(page, text);
  await row.hover();
  if ((await row.getByTestId(testId).count()) === 0) await row.getByTestId('action-more').click();
  await page.getByTestId(testId).first().click();
}

async function react(page: Page, text: string, emoji: string): Promise<void> {
  const row = message(page, text);
  await row.hover();
  await row.getByTestId('action-react').click();
  await page.locator(`[data-testid="reaction-option"][data-emoji="${emoji}"]`).first().click();
  await row.locator(`[data-testid="reaction-chip"][data-emoji="${emoji}"][aria-pressed="true"]`).waitFor().catch(() => undefined);
}

async function open(page: Page, room: string): Promise<void> {
  await page.locator(`[data-testid="room-item"][data-room-name="${room}"]`).click();
  await page.locator('[data-testid="room-title"]', { hasText: room }).waitFor();
}

async function look(page: Page, url: string, width: number, theme: string, lang: string): Promise<void> {
  await page.setViewportSize({ width, height: width > 500 ? 800 : 844 });
  await page.evaluate(({ theme, lang }) => {
    localStorage.setItem('parley.theme', theme);
    localStorage.setItem('parley.language', lang);
    localStorage.setItem('parley.notifications', JSON.stringify({ choice: 'off', bannerDismissed: true }));
  }, { theme, lang });
  await page.goto(url);
  await waitForConnection(page, 'connected');
}

async function settle(page: Page): Promise<void> {
  await page.mouse.move(1, 1);
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await page.waitForTimeout(400);
}

it('shoots the README pictures of the conversation features', async () => {
  const session = await startBrowserSession();
  try {
    const url = session.server.url;
    const lin = (await session.openPage({ locale: 'zh-CN' })).page;
    const alice = (await session.openPage()).page;
    const wang = (await session.openPage({ locale: 'zh-CN' })).page;
    await register(lin, url, 'lin');
    await createRoom(lin, '产品发布');
    await register(alice, url, 'alice');
    await joinRoom(alice, '产品发布');
    await register(wang, url, '王芳');
    await joinRoom(wang, '产品发布');
    for (const p of [lin, alice, wang]) await open(p, '产品发布');

    await sendComposer(lin, '数据库迁移今晚 10 点开始，@alice 你来盯一下监控？');
    await react(wang, '数据库迁移今晚', '👍');
    await react(alice, '数据库迁移今晚', '👍');
    const asked = message(alice, '数据库迁移今晚');
    await asked.hover();
    await asked.getByTestId('action-reply').click();
    await sendComposer(alice, "Sure, I'll watch the dashboards");
    await act(alice, "I'll watch the dashboards", 'action-edit');
    await alice.getByTestId('edit-input').fill("Sure, I'll watch the dashboards and the error rate 👀");
    await alice.getByTestId('edit-input').press('Enter');
    await message(lin, 'and the error rate').getByTestId('edited-mark').waitFor();
    await sendComposer(wang, '发错群了，抱歉');
    await act(wang, '发错群了', 'action-delete');
    await wang.getByTestId('confirm-button').click();
    await act(lin, '数据库迁移今晚', 'action-pin');
    await react(lin, 'and the error rate', '🎉');
    await sendComposer(wang, '回滚脚本已经准备好了 `scripts/rollback.sh`');

    await look(alice, url, 1280, 'light', 'en');
    await open(alice, '产品发布');
    await message(alice, '回滚脚本').waitFor();
    await settle(alice);
    await alice.screenshot({ path: `${OUT}conversation-light.png` });

    await look(lin, url, 1280, 'dark', 'zh-CN');
    await open(lin, '产品发布');
    await lin.getByTestId('open-search').click();
    await lin.getByTestId('search-input').fill('数据库');
    await lin.locator('[data-testid="search-results"][data-status="done"]').waitFor();
    await settle(lin);
    await lin.screenshot({ path: `${OUT}search-dark-zh.png` });

    await look(wang, url, 390, 'light', 'zh-CN');
    await wang.getByTestId('open-sidebar').click();
    await open(wang, '产品发布');
    await wang.getByTestId('toggle-members').click().catch(() => undefined);
    await wang.locator('[data-testid="member"][data-username="lin"] [data-testid="member-message"]').click();
    await wang.getByTestId('direct-header').waitFor();
    await sendComposer(wang, '林总，明天的发布会我可以旁听吗？');
    await lin.keyboard.press('Escape');
    await lin.locator('[data-testid="direct-item"][data-name="王芳"] a').click();
    await lin.getByTestId('direct-header').waitFor();
    await sendComposer(lin, '当然可以 😊');
    await message(wang, '当然可以').waitFor();
    await settle(wang);
    await wang.screenshot({ path: `${OUT}direct-phone-zh.png` });
  } finally {
    await session.close();
  }
});
