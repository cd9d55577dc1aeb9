import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { it } from 'vitest';
import { api, createRoom, registerUser } from '../../apps/server/test/helpers/api';
import { connect, type TestClient } from '../../apps/server/test/helpers/ws-client';
import { attach, chip, sendComposer } from '../../apps/web/test/helpers/chat-actions';
import { PASSWORD, startBrowserSession, waitForConnection } from '../../apps/web/test/helpers/browser-session';
import { makeNoise, makePng } from '../../apps/web/test/helpers/files';

// The README's pictures of the admin dashboard (issue #10): a month of team traffic sent through the
// real socket with the server's clock moved back, and a day of online samples written beside it.
const OUT = new URL('../readme/', import.meta.url).pathname;
const HOUR = 3_600_000;

/** Busy in working hours, quiet at night, quieter at weekends; a little noise so no two days match. */
function messagesAt(time: Date, seed: number): number {
  const h = time.getHours();
  const work = h >= 9 && h <= 18 ? 1 : h >= 7 && h <= 21 ? 0.35 : 0.05;
  const weekend = time.getDay() === 0 || time.getDay() === 6 ? 0.25 : 1;
  const noise = 0.6 + ((Math.sin(seed * 12.9898) * 43758.5453) % 1 + 1) % 1 * 0.8;
  return Math.round(5 * work * weekend * noise);
}

async function send(client: TestClient, roomId: string, body: string): Promise<void> {
  const clientMsgId = `shot-${Math.random().toString(36).slice(2)}`;
  for (;;) {
    const reply = await client.request({ type: 'message.send', roomId, clientMsgId, body } as never);
    if (reply.type !== 'error') break;
    // A month in seconds outruns the per-socket send rate: wait as the server asks, then resend.
    if (reply.code !== 'rate_limited') throw new Error(`send failed: ${JSON.stringify(reply)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await client.next('message.created', (f) => f.message.clientMsgId === clientMsgId);
}

async function look(page: Page, url: string, width: number, height: number, theme: string, lang: string): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.evaluate(({ theme, lang }) => {
    localStorage.setItem('parley.theme', theme);
    localStorage.setItem('parley.language', lang);
    localStorage.setItem('parley.notifications', JSON.stringify({ choice: 'off', bannerDismissed: true }));
  }, { theme, lang });
  await page.goto(`${url}/#/admin/dashboard`);
  await page.reload();
  await waitForConnection(page, 'connected');
  await page.getByTestId('chart-messages-24h').waitFor();
  await page.mouse.move(1, 1);
  // The console focuses its tab on open (for keyboards); a picture needs no focus ring.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(500);
}

it('shoots the README pictures of the admin dashboard', async () => {
  mkdirSync(OUT, { recursive: true });
  let back = 0;
  const session = await startBrowserSession({}, { clock: () => Date.now() - back });
  try {
    const { url, wsUrl } = session.server;
    const maya = await registerUser(url, 'maya');
    const team = await Promise.all(['lin', 'alice', 'wang', 'sam', 'priya', 'chen', 'omar'].map((n) => registerUser(url, n)));
    const rooms = await Promise.all(['general', 'deploys', '产品发布', 'random'].map((name) => createRoom(url, maya.accessToken, { name, visibility: 'public' })));
    for (const u of team) for (const r of rooms) await api(url, 'POST', `/api/rooms/${r.id}/join`, { token: u.accessToken, body: {} });
    await api(url, 'PATCH', '/api/admin/settings', { token: maya.accessToken, body: { instanceName: 'Acme Engineering' } });

    const writers = await Promise.all([maya, ...team.slice(0, 3)].map((u) => connect(wsUrl, u.accessToken, rooms.map((r) => ({ roomId: r.id })))));
    const now = Date.now();
    const start = Math.floor((now - 30 * 24 * HOUR) / HOUR) * HOUR + HOUR;
    for (let t = start, n = 0; t < now; t += HOUR) {
      const count = messagesAt(new Date(t), t / HOUR);
      for (let i = 0; i < count; i++, n++) {
        back = now - (t + (i * HOUR) / (count + 1));
        await send(writers[n % writers.length]!, rooms[n % rooms.length]!.id, `update ${n}`);
      }
    }
    back = 0;
    await Promise.all(writers.map((w) => w.close()));

    // A day of the sampler's 5-minute rows, as if the server had been running all along.
    const file = session.server.config.databaseUrl?.replace(/^sqlite:/, '') ?? `${session.server.config.dataDir}/parley.db`;
    const db = new Database(file);
    const insert = db.prepare('INSERT OR REPLACE INTO stats_samples (at, instance_id, sockets, online_users) VALUES (?, ?, ?, ?)');
    for (let t = Math.floor((now - 24 * HOUR) / 300_000) * 300_000; t < now - 300_000; t += 300_000) {
      const online = Math.max(1, Math.round(messagesAt(new Date(t), t / 300_000) * 1.6));
      insert.run(t, 'shot-history', online + 2, online);
    }
    db.close();

    const page = (await session.openPage()).page;
    await page.goto(url);
    await page.getByTestId('auth-tab-login').click();
    await page.locator('#auth-username').fill(maya.user.username);
    await page.locator('#auth-password').fill(PASSWORD);
    await page.getByTestId('auth-submit').click();
    await waitForConnection(page, 'connected');
    await page.locator(`[data-testid="room-item"][data-room-name="general"]`).click();
    await attach(page, [
      { name: 'architecture.png', mimeType: 'image/png', buffer: await makePng(1600, 1200, '#2a6') },
      { name: 'load-test.bin', mimeType: 'application/octet-stream', buffer: makeNoise(3 * 1024 * 1024) },
    ]);
    await chip(page, 'load-test.bin').and(page.locator('[data-status="done"]')).waitFor();
    await sendComposer(page, 'Design doc and the load test results');

    await look(page, url, 1280, 1180, 'light', 'en');
    await page.screenshot({ path: `${OUT}admin-dashboard-light.png` });
    await look(page, url, 390, 844, 'dark', 'zh-CN');
    await page.screenshot({ path: `${OUT}admin-dashboard-dark-zh.png` });
  } finally {
    await session.close();
  }
});
