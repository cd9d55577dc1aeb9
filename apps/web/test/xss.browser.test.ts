import { mkdirSync } from 'node:fs';
import type { Attachment, AuthSession, Room } from '@parley/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from '../../server/test/helpers/api.js';
import { uploaded } from '../../server/test/helpers/uploads.js';
import { connect, type TestClient } from '../../server/test/helpers/ws-client.js';
import { joinRoom } from './helpers/chat-actions.js';
import { hasChromium, isCi, register, startBrowserSession, type BrowserSession } from './helpers/browser-session.js';

const SHOTS = new URL('../../../screenshots/markdown/', import.meta.url).pathname;

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/xss.browser.test.ts: chromium not found ***\n\n');

/** Each payload calls pwned(); the page counts the calls. A body's visible text is what must show. */
const IMG = '<img src=x onerror=pwned()>';
const BODIES: Array<{ body: string; text: string }> = [
  { body: IMG, text: IMG },
  { body: '<script>pwned()</script>', text: '<script>pwned()</script>' },
  { body: '<svg onload=pwned()>', text: '<svg onload=pwned()>' },
  { body: '<iframe src="javascript:pwned()"></iframe>', text: '<iframe src="javascript:pwned()"></iframe>' },
  { body: '<details open ontoggle=pwned()>x</details>', text: '<details open ontoggle=pwned()>x</details>' },
  { body: '<a href="javascript:pwned()">raw anchor</a>', text: '<a href="javascript:pwned()">raw anchor</a>' },
  { body: '[click](javascript:pwned())', text: '[click](javascript:pwned())' },
  { body: '[mixed](JaVaScRiPt:pwned())', text: '[mixed](JaVaScRiPt:pwned())' },
  { body: '[entity](&#106;avascript:pwned())', text: '[entity](&#106;avascript:pwned())' },
  { body: '[data](data:text/html,<script>pwned()</script>)', text: '[data](data:text/html,<script>pwned()</script>)' },
  { body: '[vb](vbscript:pwned())', text: '[vb](vbscript:pwned())' },
  { body: '![pic](x" onerror="pwned())', text: '![pic](x" onerror="pwned())' },
  { body: '![pic](https://example.invalid/pic.png)', text: '!pic' },
  { body: `> > ${IMG}\n> - <script>pwned()</script>`, text: `${IMG}\n\n<script>pwned()</script>` },
  { body: `\`${IMG}\``, text: IMG },
  { body: '```\n<script>pwned()</script>\n```', text: '<script>pwned()</script>' },
  { body: '**bold [safe link](https://example.com/ok)**', text: 'bold safe link' },
];
const ROOM_NAME = `${IMG} room`;
const DISPLAY_NAME = `${IMG} Mallory`;
const FILE_NAME = `${IMG}.txt`;

const bodies = (page: Page) => page.locator('[data-testid="message"]:not([data-pending]) [data-testid="message-body"]');

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('hostile text in the client', () => {
  let session: BrowserSession | undefined;
  let mallorySocket: TestClient | undefined;
  let alice: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startBrowserSession();
    const { url, wsUrl } = session.server;

    // The attacker works through the API: a display name, a room name, a file name and message bodies.
    const mallory: AuthSession = await registerUser(url, 'mallory');
    const token = mallory.accessToken;
    expect((await api(url, 'PATCH', '/api/me', { token, body: { displayName: DISPLAY_NAME } })).status).toBe(200);
    const room = (await api<Room>(url, 'POST', '/api/rooms', { token, body: { name: ROOM_NAME } })).body;
    const file: Attachment = await uploaded(url, token, new TextEncoder().encode('hello'), FILE_NAME);
    const socket = await connect(wsUrl, token);
    mallorySocket = socket;
    let n = 0;
    const send = async (frame: { body: string; kind?: 'file'; attachmentIds?: string[] }) => {
      const reply = await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: `m${++n}`, ...frame });
      expect(reply.type).toBe('message.acked');
    };
    for (const { body } of BODIES) await send({ body });
    await send({ kind: 'file', attachmentIds: [file.id], body: IMG });

    // The victim: every page script can call pwned(), and any alert/confirm/prompt is recorded.
    alice = (await session.openPage()).page;
    await alice.addInitScript(() => {
      const w = window as unknown as { __xss: number; pwned: () => void };
      w.__xss = 0;
      w.pwned = () => {
        w.__xss += 1;
      };
    });
    alice.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    await register(alice, url, 'alice');
    await joinRoom(alice, ROOM_NAME);
    await alice.getByTestId('file-card').waitFor();
  }, 60_000);

  afterEach(async () => {
    // A payload that ran fails the test that was running when it did, not only the last one.
    expect(dialogs).toEqual([]);
    expect(await xssCount()).toBe(0);
  });

  afterAll(async () => {
    await mallorySocket?.close();
    await session?.close();
  });

  const xssCount = () => alice.evaluate(() => (window as unknown as { __xss: number }).__xss);

  it('shows every hostile message body as text', async () => {
    await expect.poll(() => bodies(alice).count()).toBe(BODIES.length + 1);
    const texts = await bodies(alice).evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText.trim()));
    expect(texts).toEqual([...BODIES.map((b) => b.text), IMG]);
    expect(await xssCount()).toBe(0);
  });

  it('shows the room name, display name and file name as text', async () => {
    expect(await alice.getByTestId('room-title').textContent()).toBe(ROOM_NAME);
    expect(await alice.getByTestId('file-name').textContent()).toBe(FILE_NAME);
    await alice.getByText(DISPLAY_NAME, { exact: true }).first().waitFor();
    expect(await alice.locator(`[data-testid="room-item"][data-room-name="${ROOM_NAME}"]`).textContent()).toContain(ROOM_NAME);
  });

  it('puts no script-bearing element or attribute into the page', async () => {
    const found = await alice.evaluate(() => {
      const inBodies = document.querySelectorAll(
        '[data-testid="message-body"] :is(img, script, iframe, svg, object, embed, details, style, form, input)',
      ).length;
      const handlers = Array.from(document.querySelectorAll('#root *')).flatMap((el) =>
        el.getAttributeNames().filter((name) => name.startsWith('on')).map((name) => `${el.tagName}[${name}]`),
      );
      const badUrls = Array.from(document.querySelectorAll('[href], [src], [action], [formaction]')).flatMap((el) =>
        ['href', 'src', 'action', 'formaction']
          .map((name) => el.getAttribute(name) ?? '')
          .filter((value) => /^\s*(javascript|vbscript|data):/i.test(value)),
      );
      return { inBodies, handlers, badUrls };
    });
    expect(found).toEqual({ inBodies: 0, handlers: [], badUrls: [] });
  });

  it('gives links in bodies a new tab and no opener, and only the one safe link exists', async () => {
    const links = await alice.locator('[data-testid="message-body"] a').evaluateAll((as) =>
      as.map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') })),
    );
    expect(links).toEqual([
      { href: 'https://example.invalid/pic.png', target: '_blank', rel: 'noopener noreferrer' },
      { href: 'https://example.com/ok', target: '_blank', rel: 'noopener noreferrer' },
    ]);
  });

  it('runs nothing when the javascript: "link" text is clicked', async () => {
    await alice.getByText('[click](javascript:pwned())', { exact: true }).click();
    await alice.getByText('[mixed](JaVaScRiPt:pwned())', { exact: true }).click();
    expect(await xssCount()).toBe(0);
  });

  it('sends hostile text from the composer and shows it as text, pending and stored', async () => {
    const mine = `${IMG} [x](javascript:pwned()) <script>pwned()</script>`;
    await alice.getByTestId('composer-input').fill(mine);
    await alice.getByTestId('composer-input').press('Enter');
    await expect.poll(() => bodies(alice).last().innerText()).toBe(mine);
    await alice.screenshot({ path: `${SHOTS}xss-1280.png` });
    expect(await xssCount()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
