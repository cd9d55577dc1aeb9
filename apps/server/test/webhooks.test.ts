import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { AuditPage, CreatedAccessToken, CreatedWebhook, HistoryPage, Message, Room, SearchPage, WebhookList } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { connect } from './helpers/ws-client.js';

type Account = Awaited<ReturnType<typeof registerUser>>;

/** A shell block of docs/api.md, exactly as shown: the sh block after `<!-- marker -->`. */
function docBlock(marker: string): string {
  const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
  const match = new RegExp(`<!-- ${marker} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!match) throw new Error(`docs/api.md has no ${marker} block`);
  return match[1]!;
}

/** Collects every log line the server writes. */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let server: TestServer;
let logs: LogCapture;
let owner: Account;
let member: Account;
let outsider: Account;
let room: Room;
let secret: Room;

async function createWebhook(roomId: string, token: string, name = 'CI'): Promise<CreatedWebhook> {
  const res = await api<CreatedWebhook>(server.url, 'POST', `/api/rooms/${roomId}/webhooks`, { token, body: { name } });
  expect(res.status).toBe(201);
  return res.body;
}

/** A post the way curl or Slack's clients send it: no Authorization header, just the URL. */
async function hook(url: string, body: string, contentType = 'application/json') {
  const res = await fetch(server.url + url, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  return { status: res.status, text, contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after') };
}

/** The room's latest 100 messages, oldest first. */
async function history(roomId: string): Promise<Message[]> {
  const res = await api<HistoryPage>(server.url, 'GET', `/api/rooms/${roomId}/messages?limit=100`, { token: owner.accessToken });
  return [...res.body.messages].sort((a, b) => a.seq - b.seq);
}

beforeAll(async () => {
  logs = new LogCapture();
  server = await startServer({}, { logStream: logs });
  owner = await registerUser(server.url, 'hookowner');
  member = await registerUser(server.url, 'hookmember');
  outsider = await registerUser(server.url, 'hookoutsider');
  room = await createRoom(server.url, owner.accessToken, { name: 'deploys' });
  await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: member.accessToken, body: {} });
  secret = await createRoom(server.url, owner.accessToken, { name: 'secret-deploys', visibility: 'private' });
});
afterAll(async () => {
  await server?.close();
});

describe('managing incoming webhooks', () => {
  it('shows the URL with its secret once at creation and lists the webhook without it', async () => {
    const created = await createWebhook(room.id, owner.accessToken, 'Deploy bot');
    expect(created.url).toMatch(new RegExp(`^/api/hooks/${created.webhook.id}/[A-Za-z0-9_-]{43}$`));
    expect(created.webhook).toMatchObject({ name: 'Deploy bot', lastUsedAt: null, createdBy: { id: owner.user.id } });
    const list = await api<WebhookList>(server.url, 'GET', `/api/rooms/${room.id}/webhooks`, { token: owner.accessToken });
    expect(list.body.webhooks.find((w) => w.id === created.webhook.id)).toEqual(created.webhook);
    expect(JSON.stringify(list.body)).not.toContain(created.url.split('/').pop());
  });

  it('lets admins manage webhooks but refuses plain members with 403', async () => {
    const admin = await registerUser(server.url, 'hookadmin');
    await api(server.url, 'POST', `/api/rooms/${room.id}/join`, { token: admin.accessToken, body: {} });
    const promoted = await api(server.url, 'POST', `/api/rooms/${room.id}/members/${admin.user.id}/role`, { token: owner.accessToken, body: { role: 'admin' } });
    expect(promoted.status).toBe(200);
    const made = await createWebhook(room.id, admin.accessToken, 'admin-made');
    const path = `/api/rooms/${room.id}/webhooks`;
    for (const [method, url, body] of [['POST', path, { name: 'x' }], ['GET', path, undefined], ['DELETE', `${path}/${made.webhook.id}`, undefined]] as const) {
      const res = await api<{ error: { code: string } }>(server.url, method, url, { token: member.accessToken, ...(body && { body }) });
      expect([method, res.status, res.body.error.code]).toEqual([method, 403, 'insufficient_role']);
    }
    expect((await api(server.url, 'DELETE', `${path}/${made.webhook.id}`, { token: admin.accessToken })).status).toBe(204);
  });

  it('answers 404 room_not_found to a non-member of a private room', async () => {
    const path = `/api/rooms/${secret.id}/webhooks`;
    for (const [method, body] of [['POST', { name: 'x' }], ['GET', undefined]] as const) {
      const res = await api<{ error: { code: string } }>(server.url, method, path, { token: outsider.accessToken, ...(body && { body }) });
      expect([res.status, res.body.error.code]).toEqual([404, 'room_not_found']);
    }
  });

  it('refuses a read-only access token the write routes', async () => {
    const pat = await api<CreatedAccessToken>(server.url, 'POST', '/api/me/access-tokens', { token: owner.accessToken, body: { name: 'ro', scopes: ['read'] } });
    const res = await api<{ error: { code: string } }>(server.url, 'POST', `/api/rooms/${room.id}/webhooks`, { token: pat.body.token, body: { name: 'x' } });
    expect([res.status, res.body.error.code]).toEqual([403, 'insufficient_scope']);
    expect((await api(server.url, 'GET', `/api/rooms/${room.id}/webhooks`, { token: pat.body.token })).status).toBe(200);
  });

  it('refuses webhooks in a direct-message conversation', async () => {
    const direct = await api<{ id: string }>(server.url, 'POST', '/api/direct', { token: owner.accessToken, body: { userIds: [member.user.id] } });
    expect(direct.status).toBeLessThan(300);
    const res = await api<{ error: { code: string } }>(server.url, 'POST', `/api/rooms/${direct.body.id}/webhooks`, { token: owner.accessToken, body: { name: 'x' } });
    expect([res.status, res.body.error.code]).toEqual([409, 'not_allowed_in_direct']);
  });

  it('refuses a 21st live webhook in a room with webhook_limit, and frees a place on revoke', async () => {
    const full = await createRoom(server.url, owner.accessToken, { name: 'full' });
    const made = [];
    for (let i = 0; i < 20; i++) made.push(await createWebhook(full.id, owner.accessToken, `hook ${i}`));
    const over = await api<{ error: { code: string } }>(server.url, 'POST', `/api/rooms/${full.id}/webhooks`, { token: owner.accessToken, body: { name: 'one too many' } });
    expect([over.status, over.body.error.code]).toEqual([409, 'webhook_limit']);
    await api(server.url, 'DELETE', `/api/rooms/${full.id}/webhooks/${made[0]!.webhook.id}`, { token: owner.accessToken });
    await createWebhook(full.id, owner.accessToken, 'fits again');
  });

  it('refuses a bad name with invalid_request', async () => {
    for (const name of ['', 'x'.repeat(65), 'evil\u202Ename']) {
      const res = await api<{ error: { code: string } }>(server.url, 'POST', `/api/rooms/${room.id}/webhooks`, { token: owner.accessToken, body: { name } });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    }
  });

  it('records webhook.created and webhook.revoked in the room audit log', async () => {
    const made = await createWebhook(room.id, owner.accessToken, 'audited');
    await api(server.url, 'DELETE', `/api/rooms/${room.id}/webhooks/${made.webhook.id}`, { token: owner.accessToken });
    const log = await api<AuditPage>(server.url, 'GET', `/api/rooms/${room.id}/audit`, { token: owner.accessToken });
    const mine = log.body.entries.filter((e) => e.details.id === made.webhook.id).map((e) => e.action);
    expect(mine.sort()).toEqual(['webhook.created', 'webhook.revoked']);
    expect(JSON.stringify(log.body)).not.toContain(made.url.split('/').pop());
  });
});

describe('posting through a webhook', () => {
  it('posts a bot message live subscribers receive and history keeps, answering 200 ok', async () => {
    const made = await createWebhook(room.id, owner.accessToken, 'Deploy bot');
    const ws = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id }]);
    const res = await hook(made.url, JSON.stringify({ text: 'Deployed **v1.2** to prod' }));
    expect(res).toMatchObject({ status: 200, text: 'ok' });
    expect(res.contentType).toMatch(/^text\/plain/);
    const live = await ws.next('message.created', (f) => f.message.body === 'Deployed **v1.2** to prod');
    expect(live.message).toMatchObject({ kind: 'text', sender: null, bot: { webhookId: made.webhook.id, name: 'Deploy bot' } });
    await ws.close();
    const stored = (await history(room.id)).find((m) => m.id === live.message.id);
    expect(stored).toMatchObject({ seq: live.message.seq, sender: null, bot: { webhookId: made.webhook.id, name: 'Deploy bot' } });
    const list = await api<WebhookList>(server.url, 'GET', `/api/rooms/${room.id}/webhooks`, { token: owner.accessToken });
    expect(list.body.webhooks.find((w) => w.id === made.webhook.id)?.lastUsedAt).not.toBeNull();
    const found = await api<SearchPage>(server.url, 'GET', `/api/search?q=${encodeURIComponent('v1.2** to prod')}`, { token: member.accessToken });
    expect(found.body.results).toEqual([expect.objectContaining({ messageId: live.message.id, sender: null, bot: { webhookId: made.webhook.id, name: 'Deploy bot' } })]);
  });

  it('replays a webhook message to a client that was offline when it was posted', async () => {
    const made = await createWebhook(room.id, owner.accessToken);
    const before = (await history(room.id)).at(-1)!.seq;
    expect((await hook(made.url, JSON.stringify({ text: 'while you were away' }))).status).toBe(200);
    const ws = await connect(server.wsUrl, member.accessToken, [{ roomId: room.id, afterSeq: before }]);
    const replayed = await ws.next('message.created', (f) => f.message.body === 'while you were away');
    expect(replayed.message.bot?.webhookId).toBe(made.webhook.id);
    await ws.close();
  });

  it('mentions members by @username, but never the whole room with @all or @here', async () => {
    const made = await createWebhook(room.id, owner.accessToken);
    await hook(made.url, JSON.stringify({ text: `@${member.user.username} the build broke @all @here` }));
    const stored = (await history(room.id)).find((m) => m.body.startsWith(`@${member.user.username} the build broke`));
    expect(stored?.mentions).toEqual([member.user.id]);
    expect(stored?.mentionsAll).toBeUndefined();
    const rooms = await api<{ rooms: Array<{ id: string; mentionCount: number }> }>(server.url, 'GET', '/api/rooms', { token: member.accessToken });
    expect(rooms.body.rooms.find((r) => r.id === room.id)?.mentionCount).toBeGreaterThanOrEqual(1);
    const ownerRooms = await api<{ rooms: Array<{ id: string; mentionCount: number }> }>(server.url, 'GET', '/api/rooms', { token: owner.accessToken });
    expect(ownerRooms.body.rooms.find((r) => r.id === room.id)?.mentionCount).toBe(0);
  });

  it('posts under the username a post gives, instead of the webhook name', async () => {
    const made = await createWebhook(room.id, owner.accessToken, 'CI');
    await hook(made.url, JSON.stringify({ text: 'renamed', username: 'Release train' }));
    expect((await history(room.id)).find((m) => m.body === 'renamed')?.bot).toEqual({ webhookId: made.webhook.id, name: 'Release train' });
  });

  it('accepts Slack form-encoded payloads and ignores Slack keys it does not use', async () => {
    const made = await createWebhook(room.id, owner.accessToken);
    const payload = JSON.stringify({ text: 'from a form', channel: '#ops', icon_emoji: ':ship:', mrkdwn: true, attachments: [{ text: 'x' }], blocks: [] });
    const res = await hook(made.url, new URLSearchParams({ payload }).toString(), 'application/x-www-form-urlencoded');
    expect(res).toMatchObject({ status: 200, text: 'ok' });
    const extra = await hook(made.url, JSON.stringify({ text: 'json with extras', icon_url: 'https://x.example/i.png', unfurl_links: false }));
    expect(extra.status).toBe(200);
    const bodies = (await history(room.id)).map((m) => m.body);
    expect(bodies).toEqual(expect.arrayContaining(['from a form', 'json with extras']));
  });

  it('refuses bad bodies with 400 invalid_request and stores nothing', async () => {
    const made = await createWebhook(room.id, owner.accessToken);
    const count = (await history(room.id)).length;
    const bad: Array<[string, string?]> = [
      ['{"text": "unterminated'],
      [JSON.stringify({ username: 'no text' })],
      [JSON.stringify({ text: '' })],
      [JSON.stringify({ text: 'x'.repeat(4001) })],
      [JSON.stringify({ text: 'nul \u0000 inside' })],
      [JSON.stringify({ text: 'ok', username: 'x'.repeat(65) })],
      ['payload=%7Bbroken', 'application/x-www-form-urlencoded'],
      ['text=no+payload+field', 'application/x-www-form-urlencoded'],
    ];
    for (const [body, type] of bad) {
      const res = await hook(made.url, body, type);
      expect([body, res.status, JSON.parse(res.text).error.code]).toEqual([body, 400, 'invalid_request']);
    }
    expect((await history(room.id)).length).toBe(count);
  });

  it('answers the same 404 to a wrong secret, an unknown or malformed id and a revoked webhook, storing nothing', async () => {
    const made = await createWebhook(room.id, owner.accessToken);
    const revoked = await createWebhook(room.id, owner.accessToken);
    expect((await api(server.url, 'DELETE', `/api/rooms/${room.id}/webhooks/${revoked.webhook.id}`, { token: owner.accessToken })).status).toBe(204);
    const count = (await history(room.id)).length;
    const theSecret = made.url.split('/').pop()!;
    // One character off: a secret that already ends in A would otherwise be sent unchanged.
    const wrongSecret = theSecret.slice(0, -1) + (theSecret.endsWith('A') ? 'B' : 'A');
    const urls = [
      `/api/hooks/${made.webhook.id}/${wrongSecret}`,
      `/api/hooks/${made.webhook.id}/short`,
      `/api/hooks/00000000-0000-4000-8000-000000000000/${theSecret}`,
      `/api/hooks/not-a-uuid/${theSecret}`,
      revoked.url,
    ];
    const answers = await Promise.all(urls.map((u) => hook(u, JSON.stringify({ text: 'sneaky' }))));
    for (const a of answers) expect([a.status, JSON.parse(a.text)]).toEqual([404, { error: { code: 'webhook_not_found', message: 'No such webhook' } }]);
    // Validation comes after the check: a bad body without the secret is still just 404.
    expect((await hook(urls[0]!, 'not json')).status).toBe(404);
    expect((await history(room.id)).length).toBe(count);
    const again = await api(server.url, 'DELETE', `/api/rooms/${room.id}/webhooks/${revoked.webhook.id}`, { token: owner.accessToken });
    expect(again.status).toBe(404);
  });

  it('stops a webhook of a deleted room with 404', async () => {
    const doomed = await createRoom(server.url, owner.accessToken, { name: 'doomed' });
    const made = await createWebhook(doomed.id, owner.accessToken);
    expect((await api(server.url, 'DELETE', `/api/rooms/${doomed.id}`, { token: owner.accessToken })).status).toBe(204);
    expect((await hook(made.url, JSON.stringify({ text: 'into the void' }))).status).toBe(404);
  });

  it('limits each webhook to its burst with 429 and Retry-After, leaving other webhooks alone', async () => {
    const busy = await createWebhook(room.id, owner.accessToken, 'busy');
    const calm = await createWebhook(room.id, owner.accessToken, 'calm');
    const { max } = server.config.rateLimits.webhooks;
    for (let i = 0; i < max; i++) expect((await hook(busy.url, JSON.stringify({ text: `burst ${i}` }))).status).toBe(200);
    const refused = await hook(busy.url, JSON.stringify({ text: 'one too many' }));
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).error.code).toBe('rate_limited');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await history(room.id)).some((m) => m.body === 'one too many')).toBe(false);
    expect((await hook(calm.url, JSON.stringify({ text: 'still fine' }))).status).toBe(200);
  });

  it('posts with the curl commands docs/api.md shows, JSON and Slack form alike', async () => {
    const made = await createWebhook(room.id, owner.accessToken, 'CI');
    const env = { ...process.env, WEBHOOK_URL: server.url + made.url, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' };
    for (const marker of ['webhook-curl', 'webhook-form']) {
      const { stdout } = await promisify(execFile)('sh', ['-c', `${docBlock(marker).trim()} --silent --show-error --fail`], { env });
      expect([marker, stdout]).toEqual([marker, 'ok']);
    }
    const posted = (await history(room.id)).filter((m) => m.bot?.webhookId === made.webhook.id);
    expect(posted.map((m) => [m.body, m.bot?.name])).toEqual([['Deployed **v1.2** to production', 'Deploy bot'], ['Nightly backup finished', 'CI']]);
  });

  it('never writes a webhook secret to the logs', async () => {
    const made = await createWebhook(room.id, owner.accessToken, 'logged');
    const theSecret = made.url.split('/').pop()!;
    await hook(made.url, JSON.stringify({ text: 'log me not' }));
    await hook(`${made.url}x`, JSON.stringify({ text: 'wrong secret' }));
    await hook(made.url, 'bad json');
    await server.close();
    expect(logs.text).toContain(`/api/hooks/${made.webhook.id}/[redacted]`);
    expect(logs.text).not.toContain(theSecret);
  });
});
