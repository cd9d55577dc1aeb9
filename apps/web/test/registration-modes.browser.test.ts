import type { AuthSession, Invite, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser } from '../../server/test/helpers/api.js';
import { hasChromium, isCi, PASSWORD, startBrowserSession, waitForConnection, type BrowserSession } from './helpers/browser-session.js';

const DESIGN = '设计讨论';

if (!hasChromium && !isCi) process.stderr.write('\n*** SKIPPING apps/web/test/registration-modes.browser.test.ts: chromium not found ***\n\n');

describe('environment', () => {
  it.runIf(!hasChromium && isCi)('has chromium for the browser test', () => {
    throw new Error('chromium is required under CI=true');
  });
});

describe.skipIf(!hasChromium)('registration modes in the browser', () => {
  let session: BrowserSession | undefined;
  let url: string;
  let alice: AuthSession;

  beforeAll(async () => {
    session = await startBrowserSession();
    url = session.server.url;
    // The first account is the instance admin; the invite below is to its room.
    alice = await registerUser(url, 'alice');
    expect((await api(url, 'POST', '/api/rooms', { token: alice.accessToken, body: { name: DESIGN, visibility: 'public' } })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('asks for an invite when registration is invite-only, prefilled from an opened invite link', { timeout: 45_000 }, async () => {
    const set = (registration: string) => api(url, 'PATCH', '/api/admin/settings', { token: alice.accessToken, body: { registration } });
    expect((await set('invite-only')).status).toBe(200);
    const rooms = (await api<{ rooms: Room[] }>(url, 'GET', '/api/rooms', { token: alice.accessToken })).body.rooms;
    const design = rooms.find((r) => r.name === DESIGN)!;
    const invite = (await api<Invite>(url, 'POST', `/api/rooms/${design.id}/invites`, { token: alice.accessToken, body: {} })).body;

    const stranger = (await session!.openPage()).page;
    await stranger.goto(url);
    await stranger.getByTestId('auth-tab-register').click();
    await stranger.locator('#auth-username').fill('stranger');
    await stranger.locator('#auth-password').fill(PASSWORD);
    await stranger.getByTestId('auth-submit').click();
    expect(await stranger.getByTestId('auth-error').textContent()).toBe('Paste the invite link you were sent.');
    await stranger.context().close();

    const invited = (await session!.openPage()).page;
    await invited.goto(`${url}/invite/${design.id}#${invite.code}`);
    await invited.getByTestId('auth-tab-register').click();
    expect(await invited.getByTestId('auth-invite').inputValue()).toBe(invite.code);
    await invited.locator('#auth-username').fill('invited');
    await invited.locator('#auth-password').fill(PASSWORD);
    await invited.getByTestId('auth-submit').click();
    await waitForConnection(invited, 'connected');
    await invited.locator('[data-testid="room-title"]', { hasText: DESIGN }).waitFor();
    expect(await invited.getByTestId('join-invite-dialog').count()).toBe(0);
    await invited.context().close();

    expect((await set('closed')).status).toBe(200);
    const late = (await session!.openPage()).page;
    await late.goto(url);
    await late.getByTestId('auth-tab-register').click();
    expect(await late.getByTestId('auth-registration-closed').textContent()).toBe('Registration is closed. Ask an admin of this server to create an account for you.');
    expect(await late.getByTestId('auth-form').count()).toBe(0);
    await late.context().close();
    expect((await set('open')).status).toBe(200);
  });
});
