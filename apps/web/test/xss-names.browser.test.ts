import type { AuthSession, Room } from '@parley/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from '../../server/test/helpers/api.js';
import { png, uploaded } from '../../server/test/helpers/uploads.js';
import { connect } from '../../server/test/helpers/ws-client.js';
import { hasChromium, isCi, register, startBrowserSession, type BrowserSession } from './helpers/browser-session.js';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/xss-names.browser.test.ts: chromium not found ***\n\n');

// xss.browser.test.ts attacks message bodies; this one attacks every other piece of text another user
// controls: display name, status line, room name and description, a rename's system message, an image's
// file name. Each payload sets window.__pwned and opens a dialog if it ever runs.
const RUN = 'window.__pwned=1;alert(1)';
const DISPLAY_NAME = `<img src=x onerror="${RUN}">`;
const STATUS = `<svg onload="${RUN}"></svg> busy`;
const BIO = `<script>${RUN}</script>`;
const ROOM_NAME = `<iframe src="javascript:${RUN}">`;
const RENAMED = `<details open ontoggle="${RUN}">`;
const DESCRIPTION = `[topic](javascript:${RUN}) <a href="data:text/html,<script>${RUN}</script>">x</a>`;
const IMAGE_NAME = `"><img src=x onerror="${RUN}">.png`;

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('hostile names in the client', () => {
  let session: BrowserSession | undefined;
  let alice: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    session = await startBrowserSession();
    const { url, wsUrl } = session.server;
    const mallory: AuthSession = await registerUser(url, 'mallory');
    const token = mallory.accessToken;
    const profile = await api(url, 'PATCH', '/api/me', { token, body: { displayName: DISPLAY_NAME, statusText: STATUS, bio: BIO } });
    expect(profile.status).toBe(200);
    const room = (await api<Room>(url, 'POST', '/api/rooms', { token, body: { name: ROOM_NAME, description: DESCRIPTION } })).body;

    alice = (await session.openPage()).page;
    alice.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await register(alice, url, 'alice');
    // The names hold quotes, so rooms are found by their text, not by an attribute selector.
    await alice.locator('[data-testid="room-item"]').filter({ hasText: ROOM_NAME }).getByTestId('join-room').click();
    await alice.locator('[data-testid="room-title"]', { hasText: ROOM_NAME }).waitFor();

    // Mallory acts while Alice watches: an image with a hostile file name, then a rename.
    const image = await uploaded(url, token, await png(40, 30), IMAGE_NAME);
    const socket = await connect(wsUrl, token);
    expect((await socket.request({ type: 'message.send', roomId: room.id, clientMsgId: 'img', kind: 'image', attachmentIds: [image.id] })).type).toBe('message.acked');
    await socket.close();
    expect((await api(url, 'PATCH', `/api/rooms/${room.id}`, { token, body: { name: RENAMED } })).status).toBe(200);
    await alice.locator('[data-testid="room-title"]', { hasText: RENAMED }).waitFor();
  }, 60_000);

  afterEach(async () => {
    // Any script that ran fails whichever test was running when it did.
    expect(dialogs).toEqual([]);
    expect(await alice.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the room name, the rename and the description as text', async () => {
    expect(await alice.getByTestId('room-title').textContent()).toBe(RENAMED);
    const item = alice.locator('[data-testid="room-item"]').filter({ hasText: RENAMED });
    expect(await item.getAttribute('data-room-name')).toBe(RENAMED);
    expect(await alice.getByTestId('room-description').textContent()).toBe(DESCRIPTION);
    const system = await alice.getByTestId('system-message').allTextContents();
    expect(system.some((t) => t.includes(RENAMED))).toBe(true);
    expect(system.some((t) => t.includes(DISPLAY_NAME))).toBe(true);
  });

  it("shows the attacker's display name and status line as text in the member list", async () => {
    const row = alice.locator('[data-testid="member"]', { has: alice.locator('[data-testid="member-name"]', { hasText: DISPLAY_NAME }) });
    await row.first().waitFor();
    // The name is followed by a visually hidden presence word (", Offline").
    const name = (await row.first().getByTestId('member-name').textContent()) ?? '';
    expect({ starts: name.startsWith(DISPLAY_NAME), rest: name.slice(DISPLAY_NAME.length) }).toEqual({ starts: true, rest: expect.stringMatching(/^(, \w+)?$/) });
    expect(await row.first().getByTestId('member-status').textContent()).toBe(STATUS);
  });

  it('keeps the image file name out of the markup', async () => {
    await alice.locator('[data-testid="message"]:not([data-pending]) [data-testid="attachment-image"]').first().waitFor();
    const found = await alice.evaluate(() => ({
      imgs: Array.from(document.querySelectorAll('#root img')).filter((img) => (img.getAttribute('src') ?? '') === 'x').length,
      handlers: Array.from(document.querySelectorAll('#root *')).flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on')).map((n) => `${el.tagName}[${n}]`)),
      frames: document.querySelectorAll('#root :is(iframe, script, svg[onload], details[ontoggle], object, embed)').length,
      badUrls: Array.from(document.querySelectorAll('#root [href], #root [src]'))
        .flatMap((el) => [el.getAttribute('href') ?? '', el.getAttribute('src') ?? ''])
        .filter((v) => /^\s*(javascript|vbscript|data:text)/i.test(v)),
    }));
    expect(found).toEqual({ imgs: 0, handlers: [], frames: 0, badUrls: [] });
  });

  it('runs nothing when the hostile texts are clicked', async () => {
    await alice.getByTestId('room-description').click();
    await alice.getByTestId('room-title').click();
    await alice.getByTestId('member-name').filter({ hasText: DISPLAY_NAME }).first().click();
    expect(await alice.evaluate(() => document.title)).not.toContain('<');
  });
});
