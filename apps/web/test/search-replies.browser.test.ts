import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type TestClient } from '../../server/test/helpers/ws-client.js';
import { CHROMIUM, hasChromium, isCi, PASSWORD, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { audit, report } from './helpers/axe.js';
import { LOOKS, useLook } from './helpers/looks.js';

const ROOM = 'ops';
const TOTAL = 400;
/** Early in the room, far above the newest page a client loads (50 messages). */
const OUTAGE_SEQ = 6;
const OUTAGE = '我们的数据库挂了, the database is down';
/** A body that would run script if a snippet were ever rendered as HTML. */
const HOSTILE_SEQ = 9;
const HOSTILE = '<img src=x onerror="window.__pwned=1">数据库备份 <b>bold</b>';
// Screenshots land in the gitignored screenshots/ folder so a person can look at them.
const SHOTS = fileURLToPath(new URL('../../../screenshots/', import.meta.url));

if (!hasChromium && !isCi) process.stderr.write(`\n*** SKIPPING apps/web/test/search-replies.browser.test.ts: ${CHROMIUM} not found ***\n\n`);

async function api<T>(baseUrl: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body !== undefined && { 'content-type': 'application/json' }), ...(init.token && { authorization: `Bearer ${init.token}` }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const signUp = (url: string, username: string) => api<{ accessToken: string }>(url, '/auth/register', { body: { username, password: PASSWORD } });

async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.locator('#auth-username').fill(username);
  await page.locator('#auth-password').fill(PASSWORD);
  await page.getByTestId('auth-submit').click();
  await waitForConnection(page, 'connected');
}

async function openRoom(page: Page): Promise<void> {
  const item = page.locator(`[data-testid="room-item"][data-room-name="${ROOM}"] a`);
  // On a phone the room list is a drawer.
  if (!(await item.isVisible())) await page.getByTestId('open-sidebar').click();
  await item.click();
  await page.locator('[data-testid="message-list"] [data-testid="message"]').first().waitFor();
}

/** Whether the row of `seq` is inside the timeline's viewport. */
function inView(page: Page, seq: number): Promise<boolean> {
  return page.getByTestId('message-list').evaluate((scroller, s) => {
    const row = scroller.querySelector<HTMLElement>(`[data-seq="${s}"]`);
    if (!row) return false;
    const box = scroller.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    return r.bottom > box.top && r.top < box.bottom;
  }, seq);
}

const row = (page: Page, seq: number) => page.locator(`[data-testid="message-list"] [data-testid="message"][data-seq="${seq}"]`);

async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('open-search').click();
  await page.getByTestId('search-input').fill(text);
  await page.locator('[data-testid="search-results"][data-status="done"]').waitFor();
}

/** Hovers a message and presses its Reply action. */
async function reply(page: Page, seq: number): Promise<void> {
  await row(page, seq).hover();
  await row(page, seq).getByTestId('action-reply').click();
  await page.getByTestId('reply-bar').waitFor();
}

describe.skipIf(!hasChromium)('search, jump to message and replies', () => {
  let session: BrowserSession;
  let alice: TestClient;
  let bob: Page;
  let alicePage: Page;
  let url: string;
  let devRoomId: string;

  beforeAll(async () => {
    session = await startBrowserSession({ ws: { sendRatePerSecond: 10_000, sendBurst: 100_000 } });
    url = session.server.url;
    const a = await signUp(url, 'alice');
    const b = await signUp(url, 'bob');
    const roomId = (await api<{ id: string }>(url, '/rooms', { token: a.accessToken, body: { name: ROOM } })).id;
    await api(url, `/rooms/${roomId}/join`, { token: b.accessToken, body: {} });
    // A second room with a match, for the "only in this room" filter.
    devRoomId = (await api<{ id: string }>(url, '/rooms', { token: a.accessToken, body: { name: 'dev' } })).id;
    await api(url, `/rooms/${devRoomId}/join`, { token: b.accessToken, body: {} });
    // Seqs 1 and 2 are the room's creation and bob's join; alice's messages follow from seq 3.
    alice = await connect(session.server.wsUrl, a.accessToken);
    for (let seq = 3; seq <= TOTAL; seq++) {
      const body = seq === OUTAGE_SEQ ? OUTAGE : seq === HOSTILE_SEQ ? HOSTILE : `status update ${seq}`;
      alice.send({ type: 'message.send', roomId, clientMsgId: `seed-${seq}`, kind: 'text', body });
    }
    alice.send({ type: 'message.send', roomId: devRoomId, clientMsgId: 'dev-1', kind: 'text', body: '数据库 migration is ready' });
    await alice.nextWhere((f) => f.type === 'message.acked' && f.clientMsgId === `seed-${TOTAL}`, 'last seed ack', 30_000);
    // Bob has read it all, so his client opens the room at the end and holds only the newest page.
    await api(url, `/rooms/${roomId}/read`, { method: 'PUT', token: b.accessToken, body: { seq: TOTAL } });
    ({ page: bob } = await session.openPage());
    ({ page: alicePage } = await session.openPage());
    await signIn(bob, url, 'bob');
    await signIn(alicePage, url, 'alice');
    await openRoom(bob);
    await openRoom(alicePage);
  }, 60_000);

  afterAll(async () => {
    await alice?.close();
    await session?.close();
  });

  it('finds Chinese text by a 3-character substring and highlights the match as text', async () => {
    expect(await row(bob, OUTAGE_SEQ).count()).toBe(0);
    await search(bob, '数据库');
    const result = bob.locator(`[data-testid="search-result"][data-seq="${OUTAGE_SEQ}"]`);
    await result.waitFor();
    expect(await result.locator('mark').allTextContents()).toEqual(['数据库']);
    expect(await result.getByTestId('search-snippet').textContent()).toBe(OUTAGE);
  });

  it('shows a snippet that looks like HTML as text, never as markup', async () => {
    const result = bob.locator(`[data-testid="search-result"][data-seq="${HOSTILE_SEQ}"]`);
    expect(await result.getByTestId('search-snippet').textContent()).toBe(HOSTILE);
    expect(await result.locator('mark').allTextContents()).toEqual(['数据库']);
    expect(await bob.locator('[data-testid="search-results"] img, [data-testid="search-results"] b').count()).toBe(0);
    expect(await bob.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('pages through many results and narrows them to the open room', async () => {
    await bob.keyboard.press('Escape');
    await search(bob, 'status update');
    const results = bob.getByTestId('search-result');
    await expect.poll(() => results.count()).toBe(20);
    await bob.getByTestId('search-more').click();
    await expect.poll(() => results.count()).toBe(40);
    const seqs = await results.evaluateAll((els) => els.map((el) => Number((el as HTMLElement).dataset.seq)));
    expect(new Set(seqs).size).toBe(40);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));

    await bob.getByTestId('search-input').fill('数据库');
    await expect.poll(() => bob.locator('[data-testid="search-result"][data-room-id="' + devRoomId + '"]').count()).toBe(1);
    await bob.getByTestId('search-in-room').check();
    await expect.poll(() => bob.locator('[data-testid="search-result"][data-room-id="' + devRoomId + '"]').count()).toBe(0);
    expect(await bob.locator(`[data-testid="search-result"][data-seq="${OUTAGE_SEQ}"]`).count()).toBe(1);
    await bob.getByTestId('search-input').fill('数据库 nothing like this');
    await bob.getByTestId('search-empty').waitFor();
    await bob.keyboard.press('Escape');
  });

  it('searches messages from the Ctrl+K switcher when no room has that name', async () => {
    await bob.getByTestId('message-list').focus();
    await bob.keyboard.press('Control+k');
    await bob.getByTestId('switcher-input').fill('数据库');
    await bob.getByTestId('switcher-search').waitFor();
    await bob.getByTestId('switcher-input').press('Enter');
    await bob.getByTestId('search-dialog').waitFor();
    expect(await bob.getByTestId('search-input').inputValue()).toBe('数据库');
    await bob.locator(`[data-testid="search-result"][data-seq="${OUTAGE_SEQ}"]`).waitFor();
    await expect.poll(() => bob.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-input');
    await bob.keyboard.press('Escape');
    // And "/" outside a text field opens it empty.
    await bob.getByTestId('message-list').focus();
    await bob.keyboard.press('/');
    await bob.getByTestId('search-dialog').waitFor();
    expect(await bob.getByTestId('search-input').inputValue()).toBe('');
    await bob.keyboard.press('Escape');
  });

  it('opens an old result in its room, scrolled to and highlighted, and pages back to the live end', async () => {
    await search(bob, '数据库');
    await bob.locator(`[data-testid="search-result"][data-seq="${OUTAGE_SEQ}"]`).click();
    await expect.poll(() => bob.getByTestId('search-dialog').count()).toBe(0);
    await row(bob, OUTAGE_SEQ).and(bob.locator('[data-highlighted="true"]')).waitFor();
    await expect.poll(() => inView(bob, OUTAGE_SEQ)).toBe(true);
    // A live message arriving meanwhile lands at the live end, not in the window being read.
    alice.send({ type: 'message.send', roomId: await roomIdOf(bob), clientMsgId: 'live-1', kind: 'text', body: 'live while reading history' });
    await bob.getByTestId('jump-to-latest').click();
    await bob.getByTestId('message-list').getByText('live while reading history').waitFor();
    const seqs = await bob.locator('[data-testid="message-list"] [data-seq]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.seq)));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.at(-1)).toBe(TOTAL + 1);
  });

  it('scrolls down from an old result through newer pages until it meets the live end', async () => {
    await search(bob, '数据库');
    await bob.locator(`[data-testid="search-result"][data-seq="${OUTAGE_SEQ}"]`).click();
    await row(bob, OUTAGE_SEQ).waitFor();
    await bob.getByTestId('timeline-newer').waitFor();
    for (let i = 0; i < 40 && (await bob.getByTestId('timeline-newer').count()) > 0; i++) {
      await bob.getByTestId('message-list').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      // A page is asked for as the view nears the end; wait for it to land and render.
      await bob.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await bob.waitForFunction(() => !document.querySelector('[data-testid="timeline-newer"] [role="status"]'));
    }
    expect(await bob.getByTestId('timeline-newer').count()).toBe(0);
    // Joined to the live end: the end of the list is now the newest message.
    await bob.getByTestId('message-list').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await row(bob, TOTAL).waitFor();
    const seqs = await bob.locator('[data-testid="message-list"] [data-seq]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.seq)));
    expect(seqs.at(-1)).toBeGreaterThanOrEqual(TOTAL);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
  });

  it('sends a reply whose quote the other user sees, and clicking the quote jumps to the original', async () => {
    await search(bob, '数据库');
    await bob.locator(`[data-testid="search-result"][data-seq="${OUTAGE_SEQ}"]`).click();
    await row(bob, OUTAGE_SEQ).waitFor();
    await reply(bob, OUTAGE_SEQ);
    expect(await bob.getByTestId('reply-bar').textContent()).toContain('我们的数据库挂了');
    await bob.getByTestId('composer-input').fill('看到了，正在处理');
    await bob.getByTestId('composer-input').press('Enter');
    await expect.poll(() => bob.getByTestId('reply-bar').count()).toBe(0);

    const quote = alicePage.locator('[data-testid="message"]', { hasText: '看到了，正在处理' }).getByTestId('reply-quote');
    await quote.waitFor();
    expect(await quote.getAttribute('data-reply-seq')).toBe(String(OUTAGE_SEQ));
    expect(await quote.textContent()).toContain('我们的数据库挂了');
    expect(await row(alicePage, OUTAGE_SEQ).count()).toBe(0);
    await quote.click();
    await row(alicePage, OUTAGE_SEQ).and(alicePage.locator('[data-highlighted="true"]')).waitFor();
    await expect.poll(() => inView(alicePage, OUTAGE_SEQ)).toBe(true);
  });

  it('quotes a message that looks like HTML as text, in the reply bar and in the sent quote', async () => {
    // Alice is still reading the original the quote took her to.
    await alicePage.getByTestId('jump-to-latest').click();
    alice.send({ type: 'message.send', roomId: await roomIdOf(bob), clientMsgId: 'hostile-live', kind: 'text', body: HOSTILE });
    const hostile = bob.locator('[data-testid="message-list"] [data-testid="message"]').last();
    await hostile.getByText('数据库备份').waitFor();
    const seq = Number(await hostile.getAttribute('data-seq'));
    await reply(bob, seq);
    expect(await bob.getByTestId('reply-bar').textContent()).toContain('<img src=x onerror=');
    await bob.getByTestId('composer-input').fill('quoted safely');
    await bob.getByTestId('composer-input').press('Enter');
    const quote = alicePage.locator('[data-testid="message"]', { hasText: 'quoted safely' }).getByTestId('reply-quote');
    await quote.waitFor();
    expect(await quote.textContent()).toContain('<img src=x onerror=');
    expect(await quote.locator('img, b').count()).toBe(0);
    expect(await alicePage.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('cancels a reply with Esc', async () => {
    // The replies above took bob back to the live end, where the seed's last message is held.
    await reply(bob, TOTAL);
    await bob.getByTestId('composer-input').press('Escape');
    await expect.poll(() => bob.getByTestId('reply-bar').count()).toBe(0);
  });

  it('opens a room left while reading an old result at its latest messages again', async () => {
    // A fresh load holds only the newest page, so the old result opens detached from it.
    await bob.reload();
    await waitForConnection(bob, 'connected');
    await openRoom(bob);
    await search(bob, '数据库');
    await bob.locator(`[data-testid="search-result"][data-seq="${OUTAGE_SEQ}"]`).click();
    await bob.getByTestId('timeline-newer').waitFor();
    await bob.locator('[data-testid="room-item"][data-room-name="dev"] a').click();
    await bob.locator('[data-testid="room-title"]', { hasText: 'dev' }).waitFor();
    await bob.locator(`[data-testid="room-item"][data-room-name="${ROOM}"] a`).click();
    await row(bob, TOTAL).waitFor();
    expect(await bob.getByTestId('timeline-newer').count()).toBe(0);
    expect(await row(bob, OUTAGE_SEQ).count()).toBe(0);
  });

  it('looks right in every look, with no serious axe findings: search results, a jump and a reply being written', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const findings: string[] = [];
    for (const look of LOOKS) {
      await useLook(bob, look);
      await openRoom(bob);
      await search(bob, '数据库');
      await bob.locator('[data-testid="search-result"] mark').first().waitFor();
      await bob.screenshot({ path: `${SHOTS}search-${look.name}.png` });
      findings.push(report(`search ${look.name}`, await audit(bob)));
      await bob.locator(`[data-testid="search-result"][data-seq="${OUTAGE_SEQ}"]`).click();
      await row(bob, OUTAGE_SEQ).and(bob.locator('[data-highlighted="true"]')).waitFor();
      await bob.screenshot({ path: `${SHOTS}search-jump-${look.name}.png` });
      await bob.getByTestId('jump-to-latest').click();
      await bob.locator('[data-testid="message"]', { hasText: '看到了，正在处理' }).getByTestId('reply-quote').waitFor();
      await reply(bob, TOTAL);
      await bob.screenshot({ path: `${SHOTS}reply-${look.name}.png` });
      findings.push(report(`reply ${look.name}`, await audit(bob)));
      const overflow = await bob.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, look.name).toBeLessThanOrEqual(0);
      await bob.getByTestId('composer-input').press('Escape');
    }
    expect(findings.filter(Boolean).join('\n')).toBe('');
  }, 150_000);
});

/** The open room's id, read from the address bar (/rooms/<id>). */
async function roomIdOf(page: Page): Promise<string> {
  return new URL(page.url()).pathname.split('/')[2]!;
}
