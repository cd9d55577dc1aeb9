import type { AdminRoomsPage, AuthSession, Invite, Room } from '@parley/protocol';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from '../../server/test/helpers/api.js';
import { connect } from '../../server/test/helpers/ws-client.js';
import { openConsoleTab, roomRow, signIn } from './helpers/admin-console.js';
import { hasChromium, isCi, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';

const SECRET = 'Secret plans';
const DOOMED = 'Doomed';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/admin-rooms.browser.test.ts: chromium not found ***\n\n');

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('admin console: rooms', () => {
  let session: BrowserSession | undefined;
  let url: string;
  let admin: Page;
  let alice: AuthSession;
  let carol: AuthSession;
  let secret: Room;
  let doomed: Room;

  beforeAll(async () => {
    session = await startBrowserSession();
    url = session.server.url;
    // The first account is the instance admin, and a member of neither room below.
    alice = await registerUser(url, 'alice');
    const bob = await registerUser(url, 'bob');
    carol = await registerUser(url, 'carol');
    secret = (await api<Room>(url, 'POST', '/api/rooms', { token: bob.accessToken, body: { name: SECRET, visibility: 'private' } })).body;
    const invite = (await api<Invite>(url, 'POST', `/api/rooms/${secret.id}/invites`, { token: bob.accessToken, body: {} })).body;
    expect((await api(url, 'POST', `/api/rooms/${secret.id}/join`, { token: carol.accessToken, body: { inviteCode: invite.code } })).status).toBe(200);
    const sock = await connect(session.server.wsUrl, bob.accessToken);
    for (const n of [1, 2, 3]) await sock.request({ type: 'message.send', roomId: secret.id, body: `private note ${n}`, clientMsgId: `n${n}` });
    sock.socket.close();
    doomed = (await api<Room>(url, 'POST', '/api/rooms', { token: bob.accessToken, body: { name: DOOMED, visibility: 'public' } })).body;
    expect((await api(url, 'POST', `/api/rooms/${doomed.id}/join`, { token: carol.accessToken, body: {} })).status).toBe(200);

    admin = (await session.openPage()).page;
    await signIn(admin, url, alice.user.username);
    await waitForConnection(admin, 'connected');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it("shows a private room's counts without any of its messages, and transfers it to a member", { timeout: 45_000 }, async () => {
    const messageRequests: string[] = [];
    admin.on('request', (req) => {
      if (req.url().includes(`/api/rooms/${secret.id}/messages`)) messageRequests.push(req.url());
    });
    await openConsoleTab(admin, 'rooms');
    await admin.getByTestId('admin-rooms-search').fill('secret');
    const row = roomRow(admin, SECRET);
    await row.waitFor();
    const listed = (await api<AdminRoomsPage>(url, 'GET', '/api/admin/rooms?q=secret', { token: alice.accessToken })).body.rooms[0]!;
    expect(listed.messageCount).toBeGreaterThanOrEqual(3);
    expect(await row.getAttribute('data-visibility')).toBe('private');
    expect(await row.getByTestId('admin-room-members').textContent()).toBe('2');
    expect(await row.getByTestId('admin-room-messages').textContent()).toBe(String(listed.messageCount));
    // Not a member: the name is not a link into the room.
    expect(await row.getByRole('button', { name: `Open ${SECRET}` }).count()).toBe(0);

    await row.getByTestId('admin-room-actions').click();
    await admin.getByTestId('admin-room-transfer').click();
    const dialog = admin.getByTestId('admin-transfer-dialog');
    await dialog.getByTestId('admin-transfer-search').fill(carol.user.username);
    await dialog.locator(`[data-testid="admin-transfer-user"][data-username="${carol.user.username}"]`).click();
    await dialog.getByTestId('admin-transfer-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain(`@${carol.user.username}`);
    const seen = await api<Room>(url, 'GET', `/api/rooms/${secret.id}`, { token: carol.accessToken });
    expect(seen.body.myRole).toBe('owner');
    expect(messageRequests).toEqual([]);
  });

  it('deletes a room: a member who has it open sees it go', { timeout: 45_000 }, async () => {
    const carolPage = (await session!.openPage()).page;
    await signIn(carolPage, url, carol.user.username);
    await waitForConnection(carolPage, 'connected');
    await carolPage.locator(`[data-testid="room-item"][data-room-name="${DOOMED}"]`).click();

    await admin.getByTestId('admin-rooms-search').fill(DOOMED);
    const row = roomRow(admin, DOOMED);
    await row.getByTestId('admin-room-actions').click();
    await admin.getByTestId('admin-room-delete').click();
    const submit = admin.getByTestId('delete-room-submit');
    expect(await submit.isDisabled()).toBe(true);
    await admin.getByTestId('delete-room-input').fill(DOOMED);
    await submit.click();
    await row.waitFor({ state: 'detached' });
    expect(await admin.getByTestId('admin-rooms-notice').textContent()).toBe(`Deleted “${DOOMED}”`);

    await carolPage.locator('.toast', { hasText: `${DOOMED} was deleted` }).waitFor();
    await carolPage.locator(`[data-testid="room-item"][data-room-name="${DOOMED}"]`).waitFor({ state: 'detached' });
    expect((await api(url, 'GET', `/api/rooms/${doomed.id}`, { token: carol.accessToken })).status).toBe(404);
    await carolPage.context().close();
  });

  it('records the room transfer and the room deletion in the audit log', async () => {
    const res = await api<{ entries: Array<{ action: string }> }>(url, 'GET', '/api/admin/audit?limit=50', { token: alice.accessToken });
    const actions = res.body.entries.map((e) => e.action).filter((a) => a.startsWith('admin.'));
    // Only the two room actions above ran as an admin in this file, so nothing else may appear.
    expect(new Set(actions)).toEqual(new Set(['admin.room_transferred', 'admin.room_deleted']));
  });
});
