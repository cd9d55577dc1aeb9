import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type TestClient } from '../../server/test/helpers/ws-client.js';
import { CHROMIUM, hasChromium, isCi, PASSWORD, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';

const DAY = 24 * 3600_000;
const TOTAL = 10_000;
/** Bob has read up to here: 40 unread messages, all in the first page the client loads. */
const READ_UP_TO = TOTAL - 40;
/** One batch is one day of messages: the newest today, then a day further back per batch. */
const BATCH = 250;

if (!hasChromium && !isCi) process.stderr.write(`\n*** SKIPPING apps/web/test/timeline.browser.test.ts: ${CHROMIUM} not found ***\n\n`);

/** Bodies of varied length, so rows wrap to different heights. */
const bodyOf = (i: number) => `message ${i}${' lorem ipsum dolor'.repeat((i * 7) % 13)}`;

async function api<T>(baseUrl: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body !== undefined && { 'content-type': 'application/json' }), ...(init.token && { authorization: `Bearer ${init.token}` }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${init.method ?? 'POST'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const signUp = (url: string, username: string) => api<{ accessToken: string }>(url, '/auth/register', { body: { username, password: PASSWORD } });
const signIn = (url: string, username: string) => api<{ accessToken: string }>(url, '/auth/login', { body: { username, password: PASSWORD } });

/** Sends messages over a real socket in batches, each batch acknowledged before the next. */
async function seed(client: TestClient, roomId: string, from: number, to: number, setTime: (i: number) => void): Promise<void> {
  for (let start = from; start <= to; start += BATCH) {
    const end = Math.min(to, start + BATCH - 1);
    setTime(start);
    for (let i = start; i <= end; i++) client.send({ type: 'message.send', roomId, clientMsgId: `seed-${i}`, kind: 'text', body: bodyOf(i) });
    await client.nextWhere((f) => f.type === 'message.acked' && f.clientMsgId === `seed-${end}`, `ack of message ${end}`, 30_000);
  }
}

/** What the timeline shows right now, read in the page. */
function snapshot(page: Page) {
  return page.getByTestId('message-list').evaluate((scroller) => {
    const box = scroller.getBoundingClientRect();
    const rows = Array.from(scroller.querySelectorAll<HTMLElement>('[data-seq]'));
    const visible = rows.filter((r) => r.getBoundingClientRect().top >= box.top && r.getBoundingClientRect().bottom <= box.bottom);
    const top = visible[0];
    return {
      rendered: rows.length,
      oldest: Math.min(...rows.map((r) => Number(r.dataset.seq))),
      topSeq: top ? Number(top.dataset.seq) : undefined,
      topY: top ? top.getBoundingClientRect().top : undefined,
      scrollHeight: scroller.scrollHeight,
    };
  });
}

const fresh = (page: Page) => page.getByTestId('message-list').getByText('fresh off the press');

/** Waits for history loading to finish and two frames to render (the scroll event, then its re-render). */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[data-testid="message-list"] [role="status"]'));
  await page.evaluate(async () => {
    for (let f = 0; f < 2; f++) await new Promise((resolve) => requestAnimationFrame(resolve));
  });
}

const topOfSeq = (page: Page, seq: number) => page.locator(`[data-testid="message-list"] [data-seq="${seq}"]`).evaluate((el) => el.getBoundingClientRect().top);

describe.skipIf(!hasChromium)('a 10,000-message timeline', () => {
  let session: BrowserSession;
  let page: Page;
  let alice: TestClient;
  let roomId: string;
  let offset = 0;

  beforeAll(async () => {
    // Messages are dated by the server's clock: seeding moves it from 39 days ago to an hour ago.
    session = await startBrowserSession({ ws: { sendRatePerSecond: 10_000, sendBurst: 100_000 } }, { clock: () => Date.now() + offset });
    const url = session.server.url;
    const a = await signUp(url, 'alice');
    const b = await signUp(url, 'bob');
    roomId = (await api<{ id: string }>(url, '/rooms', { token: a.accessToken, body: { name: 'history' } })).id;
    await api(url, `/rooms/${roomId}/join`, { token: b.accessToken, body: {} });
    alice = await connect(session.server.wsUrl, a.accessToken);
    await seed(alice, roomId, 1, TOTAL, (i) => {
      offset = -Math.floor((TOTAL - i) / BATCH) * DAY - 3600_000;
    });
    offset = 0;
    const bob = await signIn(url, 'bob');
    await api(url, `/rooms/${roomId}/read`, { method: 'PUT', token: bob.accessToken, body: { seq: READ_UP_TO } });

    ({ page } = await session.openPage());
    await page.goto(url);
    await page.locator('#auth-username').fill('bob');
    await page.locator('#auth-password').fill(PASSWORD);
    await page.getByTestId('auth-submit').click();
    await waitForConnection(page, 'connected');
    await page.locator('[data-testid="room-item"][data-room-name="history"] a').click();
  }, 60_000);

  afterAll(async () => {
    await alice?.close();
    await session?.close();
  });

  it('opens at the "new messages" divider, placed before the first unread message', async () => {
    const divider = page.getByTestId('unread-divider');
    await divider.waitFor();
    const next = await divider.evaluate((el) => (el.nextElementSibling as HTMLElement | null)?.dataset.seq);
    expect(next).toBe(String(READ_UP_TO + 1));
    // Forty unread messages do not fit on one screen, so the view opens on the divider, not the bottom.
    const offsetFromTop = await divider.evaluate((el) => el.getBoundingClientRect().top - el.closest('[data-testid="message-list"]')!.getBoundingClientRect().top);
    expect(offsetFromTop).toBeGreaterThanOrEqual(0);
    expect(offsetFromTop).toBeLessThan(150);
    await expect.poll(() => page.locator(`[data-seq="${TOTAL}"]`).isVisible()).toBe(false);
  });

  it('keeps the DOM bounded and the view still while thousands of older messages are prepended', async () => {
    const list = page.getByTestId('message-list');
    let prepends = 0;
    let maxRendered = 0;
    let maxShift = 0;
    for (let i = 0; i < 300 && (await snapshot(page)).oldest > TOTAL - 2000; i++) {
      // Scroll up as a reader does, until the oldest row rendered is at the bottom of the view, noting
      // what is on screen: the window then moves up, and the previous page is fetched as the view
      // nears the oldest message held.
      const before = await list.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const first = el.querySelector<HTMLElement>('ol > li[data-seq]')!;
        el.scrollTop += first.getBoundingClientRect().top - box.bottom + 60;
        const top = Array.from(el.querySelectorAll<HTMLElement>('[data-seq]')).find((r) => r.getBoundingClientRect().top >= box.top)!;
        return { topSeq: Number(top.dataset.seq), topY: top.getBoundingClientRect().top, scrollHeight: el.scrollHeight };
      });
      await settle(page);
      const after = await snapshot(page);
      if (after.scrollHeight > before.scrollHeight + 500) prepends++;
      const shift = Math.abs((await topOfSeq(page, before.topSeq)) - before.topY);
      maxShift = Math.max(maxShift, shift);
      maxRendered = Math.max(maxRendered, after.rendered);
    }
    expect((await snapshot(page)).oldest).toBeLessThanOrEqual(TOTAL - 2000);
    expect(prepends).toBeGreaterThanOrEqual(30);
    expect(maxRendered).toBeLessThanOrEqual(300);
    expect(maxShift).toBeLessThan(2);
    // And in the middle of what is loaded, after a jump with the scrollbar.
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    await expect.poll(async () => (await snapshot(page)).topSeq).toBeDefined();
    expect((await snapshot(page)).rendered).toBeLessThanOrEqual(300);
  });

  it('separates days, labelled in words near today and by date further back', async () => {
    const list = page.getByTestId('message-list');
    // Walk down through the loaded history, checking every day boundary the window shows.
    const labels = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const found = await list.evaluate(async (el, step) => {
        el.scrollTop = (el.scrollHeight * step) / 30;
        // Two frames: the scroll event, then the re-rendered window.
        for (let f = 0; f < 2; f++) await new Promise((resolve) => requestAnimationFrame(resolve));
        const rows = Array.from(el.querySelectorAll<HTMLElement>('ol > li'));
        const problems: string[] = [];
        const seen: string[] = [];
        let lastDay: string | undefined;
        let separated = false;
        for (const row of rows) {
          if (row.dataset.testid === 'day-separator') {
            seen.push(row.textContent ?? '');
            separated = true;
            continue;
          }
          const time = row.querySelector('time')?.getAttribute('datetime');
          if (!time || !row.dataset.seq) continue;
          const day = new Date(time).toDateString();
          if (lastDay !== undefined && day !== lastDay && !separated) problems.push(`no separator before ${row.dataset.seq}`);
          if (lastDay !== undefined && day === lastDay && separated) problems.push(`separator inside ${day}`);
          lastDay = day;
          separated = false;
        }
        return { problems, seen };
      }, i);
      expect(found.problems).toEqual([]);
      for (const l of found.seen) labels.add(l);
    }
    const all = [...labels];
    expect(all.some((l) => /^[A-Z][a-z]+ \d{1,2}, \d{4}$/.test(l))).toBe(true);
    expect(all.some((l) => /^(Yesterday|Today|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/.test(l))).toBe(true);
  });

  it('leaves the view alone when a message arrives while reading history, and offers to jump to it', async () => {
    const list = page.getByTestId('message-list');
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight / 3;
    });
    await expect.poll(async () => (await snapshot(page)).topSeq).toBeDefined();
    const before = await snapshot(page);
    alice.send({ type: 'message.send', roomId, clientMsgId: 'live-1', kind: 'text', body: 'fresh off the press' });
    const jump = page.getByTestId('jump-to-latest');
    await page.locator('[data-testid="jump-to-latest"][data-count="1"]').waitFor();
    expect(await jump.textContent()).toContain('1 new message');
    expect(Math.abs((await topOfSeq(page, before.topSeq!)) - before.topY!)).toBeLessThan(2);
    await jump.click();
    await expect.poll(() => fresh(page).isVisible()).toBe(true);
    await jump.waitFor({ state: 'detached' });
  });

  it('goes back to the latest message on End', async () => {
    const list = page.getByTestId('message-list');
    await list.evaluate((el) => {
      el.scrollTop = 0;
    });
    await page.getByTestId('jump-to-latest').waitFor();
    await list.focus();
    await page.keyboard.press('End');
    await expect.poll(() => fresh(page).isVisible()).toBe(true);
    await page.getByTestId('jump-to-latest').waitFor({ state: 'detached' });
  });
});
