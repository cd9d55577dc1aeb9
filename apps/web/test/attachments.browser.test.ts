import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attach, chip, createRoom, dropFile, joinRoom, loadedThumbWidths, pasteImage, sendComposer } from './helpers/chat-actions.js';
import { hasChromium, isCi, register, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';
import { makeNoise, makePdf, makePng } from './helpers/files.js';

const SHOTS = new URL('../../../screenshots/', import.meta.url).pathname;
const MAX_FILE_BYTES = 1024 * 1024;

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/attachments.browser.test.ts: chromium not found ***\n\n');

const stored = (page: Page) => page.locator('[data-testid="message"]:not([data-pending])');
const pending = (page: Page) => page.locator('[data-testid="message"][data-pending="true"]');

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('attachments in two browsers', () => {
  let session: BrowserSession | undefined;
  let alice: Page;
  let bob: Page;
  let png: Buffer;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // A small byte limit and an allow-list, so 413 and 415 can be provoked with small files.
    session = await startBrowserSession({
      uploads: { maxFileBytes: MAX_FILE_BYTES, allowedTypes: ['image/*', 'application/pdf', 'application/octet-stream'] },
    });
    png = await makePng();
    alice = (await session.openPage()).page;
    bob = (await session.openPage()).page;
    await register(alice, session.server.url, 'alice');
    await createRoom(alice, 'Photos');
    await register(bob, session.server.url, 'bob');
    await joinRoom(bob, 'Photos');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('sends an image with a caption and a PDF; the other side sees the thumbnail and downloads the PDF', { timeout: 60_000 }, async () => {
    const pdf = makePdf();
    const pdfName = '报告 <img src=x onerror=alert(1)> & notes.pdf';
    await attach(alice, [
      { name: 'blue.png', mimeType: 'image/png', buffer: png },
      { name: pdfName, mimeType: 'application/pdf', buffer: pdf },
    ]);
    await chip(alice, 'blue.png').and(alice.locator('[data-status="done"]')).waitFor();
    await chip(alice, pdfName).and(alice.locator('[data-status="done"]')).waitFor();
    await sendComposer(alice, 'holiday photo');
    await alice.getByTestId('upload-tray').waitFor({ state: 'detached' });

    // Two messages: the images with the caption, then the file.
    await stored(bob).filter({ hasText: 'holiday photo' }).getByTestId('attachment-image').waitFor();
    await expect.poll(() => loadedThumbWidths(bob)).toEqual([480]);
    const card = stored(bob).getByTestId('file-card');
    await card.waitFor();
    expect(await card.getByTestId('file-name').textContent()).toBe(pdfName);
    expect(await card.locator('img').count()).toBe(0);

    const [download] = await Promise.all([bob.waitForEvent('download'), card.getByTestId('file-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^报告 .*\.pdf$/);
    expect(Buffer.compare(await readFile(await download.path()), pdf)).toBe(0);

    await stored(bob).getByTestId('attachment-thumb').click();
    await expect.poll(() => bob.getByTestId('lightbox-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(800);
    await bob.screenshot({ path: `${SHOTS}attachments-bob-lightbox.png` });
    await bob.keyboard.press('Escape');
    await bob.getByTestId('lightbox').waitFor({ state: 'detached' });
    await alice.screenshot({ path: `${SHOTS}attachments-alice.png` });
    await bob.screenshot({ path: `${SHOTS}attachments-bob.png` });
  });

  it('attaches pasted and dropped images, sent together as one image message', { timeout: 60_000 }, async () => {
    const green = await makePng(300, 200, '#2a5');
    await pasteImage(alice, { name: 'pasted.png', mimeType: 'image/png', buffer: png });
    await dropFile(alice, { name: 'dropped.png', mimeType: 'image/png', buffer: green });
    await chip(alice, 'pasted.png').and(alice.locator('[data-status="done"]')).waitFor();
    await chip(alice, 'dropped.png').and(alice.locator('[data-status="done"]')).waitFor();
    await sendComposer(alice);
    const gallery = stored(bob).last().getByTestId('image-gallery');
    await expect.poll(() => gallery.getByTestId('attachment-image').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([480, 300]);
  });

  it('explains refused uploads in the user language and lets them be removed', { timeout: 60_000 }, async () => {
    await attach(alice, [
      { name: 'huge.bin', mimeType: 'application/octet-stream', buffer: makeNoise(MAX_FILE_BYTES + 1) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text is not allowed here') },
      { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.concat([png.subarray(0, 64), makeNoise(512)]) },
    ]);
    const errorOf = (name: string) => chip(alice, name).getByTestId('upload-error');
    await expect.poll(() => errorOf('huge.bin').textContent()).toBe('Too large (max 1 MB).');
    await expect.poll(() => errorOf('notes.txt').textContent()).toBe('This type of file is not allowed.');
    await expect.poll(() => errorOf('broken.png').textContent()).toBe('Could not read this image or file.');
    expect(await alice.getByTestId('upload-retry').count()).toBe(0);
    await alice.screenshot({ path: `${SHOTS}attachments-errors.png` });
    for (const name of ['huge.bin', 'notes.txt', 'broken.png']) await chip(alice, name).getByTestId('upload-remove').click();
    await alice.getByTestId('upload-tray').waitFor({ state: 'detached' });
  });

  it('fails an upload started offline with a retry, and sends a queued image message once on reconnect', { timeout: 60_000 }, async () => {
    const context = alice.context();
    await context.setOffline(true);
    await waitForConnection(alice, 'offline');
    await attach(alice, [{ name: 'offline.png', mimeType: 'image/png', buffer: png }]);
    await expect.poll(() => chip(alice, 'offline.png').getByTestId('upload-error').textContent()).toMatch(/offline/);
    await context.setOffline(false);
    await waitForConnection(alice, 'connected');
    await chip(alice, 'offline.png').getByTestId('upload-retry').click();
    await chip(alice, 'offline.png').and(alice.locator('[data-status="done"]')).waitFor();

    // Uploaded, then the connection drops: the message waits in the outbox with its thumbnail.
    await context.setOffline(true);
    await waitForConnection(alice, 'offline');
    await sendComposer(alice, 'sent while offline');
    const queued = pending(alice).filter({ hasText: 'sent while offline' });
    await expect.poll(() => queued.getByTestId('attachment-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await alice.screenshot({ path: `${SHOTS}attachments-offline-queued.png` });
    await context.setOffline(false);
    await waitForConnection(alice, 'connected');
    await stored(bob).filter({ hasText: 'sent while offline' }).waitFor();
    await pending(alice).first().waitFor({ state: 'detached' });

    // A later message is a barrier: a duplicate would have arrived before it.
    await sendComposer(alice, 'barrier');
    await stored(bob).filter({ hasText: 'barrier' }).waitFor();
    expect(await stored(bob).filter({ hasText: 'sent while offline' }).count()).toBe(1);
    expect(await stored(alice).filter({ hasText: 'sent while offline' }).count()).toBe(1);
  });

  it('shows a progress bar for a slow upload and cancels it', { timeout: 60_000 }, async () => {
    const cdp = await alice.context().newCDPSession(alice);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
    try {
      await attach(alice, [{ name: 'slow.bin', mimeType: 'application/octet-stream', buffer: makeNoise(MAX_FILE_BYTES - 4096) }]);
      await chip(alice, 'slow.bin').and(alice.locator('[data-status="uploading"]')).waitFor();
      await expect.poll(() => chip(alice, 'slow.bin').locator('progress').evaluate((p: Element) => (p as HTMLProgressElement).value)).toBeGreaterThan(0);
      expect(await alice.getByTestId('send-button').isDisabled()).toBe(true);
      await alice.screenshot({ path: `${SHOTS}attachments-progress.png` });
      await chip(alice, 'slow.bin').getByTestId('upload-cancel').click();
      await alice.getByTestId('upload-tray').waitFor({ state: 'detached' });
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
  });

  it('shows an uploaded avatar in the top bar and next to messages, and initials again once removed', { timeout: 60_000 }, async () => {
    await alice.getByTestId('user-menu').click();
    await alice.getByTestId('open-profile').click();
    await alice.getByTestId('avatar-input').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: await makePng(300, 200, '#c63') });
    await alice.getByTestId('avatar-remove').waitFor();
    await alice.screenshot({ path: `${SHOTS}attachments-avatar-dialog.png` });
    await alice.keyboard.press('Escape');
    await expect.poll(() => alice.locator('.top-bar [data-testid="avatar-img"]').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64);

    // Bob speaks first, so Alice's next message starts a new group and shows her avatar.
    await sendComposer(bob, 'show us');
    await stored(alice).filter({ hasText: 'show us' }).waitFor();
    await sendComposer(alice, 'with my new face');
    // Her own view shows the new picture at once, next to her message and in the member list.
    await stored(alice).filter({ hasText: 'with my new face' }).getByTestId('avatar-img').waitFor();
    await alice.locator('[data-testid="member"][data-username="alice"]').getByTestId('avatar-img').waitFor();
    // Live frames carry the sender as the server saw it when the socket signed in (a server-side
    // limitation, see the report); history is read fresh, so Bob reloads to check the stored sender.
    await stored(bob).filter({ hasText: 'with my new face' }).waitFor();
    await bob.reload();
    await waitForConnection(bob, 'connected');
    const message = stored(bob).filter({ hasText: 'with my new face' });
    await expect.poll(() => message.getByTestId('avatar-img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64);
    await bob.getByTestId('member').filter({ has: bob.getByTestId('avatar-img') }).first().waitFor();

    await alice.getByTestId('user-menu').click();
    await alice.getByTestId('open-profile').click();
    await alice.getByTestId('avatar-remove').click();
    await alice.getByTestId('avatar-remove').waitFor({ state: 'detached' });
    await alice.keyboard.press('Escape');
    await alice.getByTestId('profile-dialog').waitFor({ state: 'detached' });
    expect(await alice.locator('.top-bar [data-testid="avatar-img"]').count()).toBe(0);
    expect(await alice.locator('.top-bar .avatar').count()).toBe(1);
  });
});
