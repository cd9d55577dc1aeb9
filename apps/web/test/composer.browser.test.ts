import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, joinRoom } from './helpers/chat-actions.js';
import { hasChromium, isCi, register, startBrowserSession, type BrowserSession } from './helpers/browser-session.js';

const SHOTS = new URL('../../../screenshots/markdown/', import.meta.url).pathname;

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/composer.browser.test.ts: chromium not found ***\n\n');

const composer = (page: Page) => page.getByTestId('composer-input');
const stored = (page: Page) => page.locator('[data-testid="message"]:not([data-pending])');
const pending = (page: Page) => page.locator('[data-testid="message"][data-pending="true"]');
const storedBody = (page: Page, text: string) => stored(page).getByTestId('message-body').filter({ hasText: text });

/**
 * Fires keydown Enter on the composer as an IME would while a candidate is open, then waits a frame
 * so React has handled it; returns the composer's value afterwards.
 */
function imeEnter(page: Page, init: { isComposing: boolean; keyCode: number }, withComposition = false): Promise<string> {
  return composer(page).evaluate(
    async (el, { init, withComposition }) => {
      const area = el as HTMLTextAreaElement;
      if (withComposition) area.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, ...init }));
      if (withComposition) area.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '' }));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return area.value;
    },
    { init, withComposition },
  );
}

/** A conversation using every construct, Chinese text, emoji and a URL far wider than a phone. */
const CONVERSATION = [
  '**Release notes** for *v2.1*: ~~beta~~ stable, see `config.yaml`.',
  '```\nnpm run build && PARLEY_DATA_DIR=/var/lib/parley node apps/server/dist/main.js --port 8000 --host 0.0.0.0\n```',
  '- first item\n- second item with `code`\n  1. nested one\n  2. nested two',
  '> quoted line one\n> quoted line two\n>> a nested reply',
  '中文消息：今天下午三点开会，**请准时参加**。详情见 https://example.com/会议',
  'https://example.com/a/very/long/path/that/keeps/going/and/going/without/any/break/at/all/so/it/must/wrap/anywhere?query=string&and=more',
  'Supercalifragilisticexpialidocious-antidisestablishmentarianism-pneumonoultramicroscopicsilicovolcanoconiosis',
  '🎉🚀👍',
  'line one\nline two after a single newline\n\nnew paragraph with a link: [Parley docs](https://example.com/docs) and mail me@example.com',
];

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('composer and markdown in the browser', () => {
  let session: BrowserSession | undefined;
  let alice: Page;
  let aliceContext: BrowserContext;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startBrowserSession();
    ({ context: aliceContext, page: alice } = await session.openPage());
    await register(alice, session.server.url, 'alice');
    await createRoom(alice, 'Markdown');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('does not send on the Enter that confirms an IME candidate; a plain Enter then sends once', async () => {
    await composer(alice).fill('你好');
    expect(await imeEnter(alice, { isComposing: true, keyCode: 229 })).toBe('你好');
    // Safari: the confirming Enter arrives with isComposing false but keyCode 229.
    expect(await imeEnter(alice, { isComposing: false, keyCode: 229 })).toBe('你好');
    // A browser reporting neither: the compositionstart/compositionend pair still guards it.
    expect(await imeEnter(alice, { isComposing: false, keyCode: 13 }, true)).toBe('你好');
    expect(await pending(alice).count()).toBe(0);
    expect(await stored(alice).count()).toBe(0);

    await composer(alice).press('Enter');
    await storedBody(alice, '你好').waitFor();
    expect(await composer(alice).inputValue()).toBe('');
    expect(await stored(alice).getByTestId('message-body').allInnerTexts()).toEqual(['你好']);
  });

  it('breaks the line on Shift+Enter and shows it as a line break', async () => {
    await composer(alice).fill('first line');
    await composer(alice).press('Shift+Enter');
    await composer(alice).pressSequentially('second line');
    expect(await composer(alice).inputValue()).toBe('first line\nsecond line');
    await composer(alice).press('Enter');
    const body = storedBody(alice, 'second line');
    await body.waitFor();
    expect(await body.locator('br').count()).toBe(1);
    expect(await body.innerText()).toBe('first line\nsecond line');
  });

  it('renders markdown as elements in the real client', async () => {
    await composer(alice).fill('**bold** _it_ ~~old~~ `code`\n\n- one\n- two\n\n3. three\n\n> quoted\n\n```\nblock\n```\n\n[link](https://example.com/x) <b>raw</b>');
    await composer(alice).press('Enter');
    const body = storedBody(alice, 'quoted');
    await body.waitFor();
    const html = await body.evaluate((el) => ({
      strong: el.querySelector('strong')?.textContent,
      em: el.querySelector('em')?.textContent,
      s: el.querySelector('s')?.textContent,
      code: el.querySelector('p > code')?.textContent,
      items: [...el.querySelectorAll('ul > li')].map((li) => li.textContent),
      olStart: el.querySelector('ol')?.getAttribute('start'),
      quote: el.querySelector('blockquote')?.textContent?.trim(),
      pre: el.querySelector('pre > code')?.textContent,
      link: [el.querySelector('a')?.getAttribute('href'), el.querySelector('a')?.getAttribute('target'), el.querySelector('a')?.getAttribute('rel')],
      hasRawB: el.querySelector('b') !== null,
    }));
    expect(html).toEqual({
      strong: 'bold',
      em: 'it',
      s: 'old',
      code: 'code',
      items: ['one', 'two'],
      olStart: '3',
      quote: 'quoted',
      pre: 'block',
      link: ['https://example.com/x', '_blank', 'noopener noreferrer'],
      hasRawB: false,
    });
    expect(await body.innerText()).toContain('<b>raw</b>');
  });

  it('inserts a picked emoji at the caret, by mouse and by keyboard', async () => {
    await composer(alice).fill('ab');
    await composer(alice).evaluate((el) => (el as HTMLTextAreaElement).setSelectionRange(1, 1));
    await alice.getByTestId('emoji-button').click();
    await alice.getByTestId('emoji-popover').waitFor();
    await alice.getByRole('button', { name: '🚀' }).click();
    await alice.getByTestId('emoji-popover').waitFor({ state: 'detached' });
    expect(await composer(alice).inputValue()).toBe('a🚀b');
    // The caret sits after the emoji, in the focused composer, so typing goes on from there.
    await alice.keyboard.type('c');
    expect(await composer(alice).inputValue()).toBe('a🚀cb');

    // Keyboard only: open, arrow to the second emoji, Enter.
    await alice.getByTestId('emoji-button').focus();
    await alice.keyboard.press('Enter');
    await alice.getByTestId('emoji-popover').waitFor();
    expect(await alice.evaluate(() => document.activeElement?.textContent)).toBe('😀');
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('ArrowDown');
    await alice.keyboard.press('Enter');
    expect(await composer(alice).inputValue()).toBe('a🚀c😅b');

    // Escape closes the popover and gives focus back to its button.
    await alice.getByTestId('emoji-button').click();
    await alice.getByTestId('emoji-popover').waitFor();
    await alice.keyboard.press('Escape');
    await alice.getByTestId('emoji-popover').waitFor({ state: 'detached' });
    expect(await alice.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('emoji-button');
    await composer(alice).fill('');
  });

  it('shows a message of only emoji larger', async () => {
    await composer(alice).fill('🎉🎉');
    await composer(alice).press('Enter');
    await expect.poll(() => stored(alice).last().getByTestId('message-body').getAttribute('class')).toContain('jumbomoji');
    await composer(alice).fill('done 🎉');
    await composer(alice).press('Enter');
    await storedBody(alice, 'done 🎉').waitFor();
    expect(await storedBody(alice, 'done 🎉').getAttribute('class')).not.toContain('jumbomoji');
  });

  it('keeps long words, URLs and code inside a 390 px screen; screenshots in both themes and languages', { timeout: 60_000 }, async () => {
    await createRoom(alice, 'Showcase');
    for (const text of CONVERSATION) {
      await composer(alice).fill(text);
      await composer(alice).press('Enter');
    }
    await expect.poll(() => stored(alice).count()).toBe(CONVERSATION.length);

    // Joined at desktop width, where the room list is beside the chat; the phone view comes after.
    const { context: bobContext, page: bob } = await session!.openPage({ locale: 'zh-CN' });
    await register(bob, session!.server.url, 'bob');
    await joinRoom(bob, 'Showcase');
    await expect.poll(() => stored(bob).count()).toBe(CONVERSATION.length);
    await composer(bob).fill('收到，谢谢！`npm test` 已经通过 ✅');
    await composer(bob).press('Enter');
    await expect.poll(() => stored(alice).count()).toBe(CONVERSATION.length + 1);

    const overflow = (page: Page) =>
      page.evaluate(() => {
        const list = document.querySelector('[data-testid="message-list"]')!;
        const pre = document.querySelector('[data-testid="message-body"] pre')!;
        const right = list.getBoundingClientRect().right;
        return {
          bodies: [...list.querySelectorAll('[data-testid="message-body"]')].some((b) => b.getBoundingClientRect().right > right),
          list: list.scrollWidth > list.clientWidth,
          preScrolls: pre.scrollWidth > pre.clientWidth && getComputedStyle(pre).overflowX === 'auto',
        };
      });

    const shoot = async (page: Page, name: string) => {
      for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => document.documentElement.setAttribute('data-bs-theme', t), theme);
        await page.screenshot({ path: `${SHOTS}conversation-${name}-${theme}.png` });
        await page.locator('.message-scroller').evaluate((el) => el.scrollTo(0, 0));
        await page.screenshot({ path: `${SHOTS}conversation-${name}-${theme}-top.png` });
        await page.locator('.message-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      }
    };
    for (const [context, desktop, lang] of [[aliceContext, alice, 'en'], [bobContext, bob, 'zh']] as const) {
      await shoot(desktop, `${lang}-1280`);
      // A phone-sized tab of the same signed-in session, opened on the same room.
      const phone = await context.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(desktop.url());
      await expect.poll(() => stored(phone).count()).toBe(CONVERSATION.length + 1);
      await shoot(phone, `${lang}-390`);
      expect(await overflow(phone)).toEqual({ bodies: false, list: false, preScrolls: true });
      await phone.getByTestId('emoji-button').click();
      await phone.getByTestId('emoji-popover').waitFor();
      await phone.screenshot({ path: `${SHOTS}emoji-picker-${lang}-390-dark.png` });
      const popover = await phone.getByTestId('emoji-popover').boundingBox();
      expect(popover!.x).toBeGreaterThanOrEqual(0);
      expect(popover!.x + popover!.width).toBeLessThanOrEqual(390);
      await phone.close();
    }
  });
});
