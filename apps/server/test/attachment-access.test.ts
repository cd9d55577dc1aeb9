import { randomBytes, randomUUID } from 'node:crypto';
import type { Attachment, Room } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { download, jsonOf, png, sha256, uploaded } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

// Who may download an attachment, and how downloads behave as HTTP (ETag, 304, ranges).
let server: TestServer;
let owner: Account;
let member: Account;
let kicked: Account;
let outsider: Account;
let privateRoom: Room;
let publicRoom: Room;
/** Posted in the private room before `kicked` was removed. */
let secret: Attachment;
/** Posted in the public room, which `outsider` never joined. */
let open: Attachment;
const OPEN_BYTES = randomBytes(1000);

async function post(account: Account, roomId: string, kind: 'image' | 'file', a: Attachment): Promise<void> {
  const ws = await connect(server.wsUrl, account.accessToken);
  try {
    const reply = await ws.request({ type: 'message.send', roomId, clientMsgId: randomUUID(), kind, attachmentIds: [a.id] });
    if (reply.type !== 'message.acked') throw new Error(`post failed: ${JSON.stringify(reply)}`);
  } finally {
    await ws.close();
  }
}

beforeAll(async () => {
  server = await startServer();
  [owner, member, kicked, outsider] = (await Promise.all(
    ['owner', 'member', 'kicked', 'outsider'].map((p) => registerUser(server.url, p)),
  )) as [Account, Account, Account, Account];
  privateRoom = await createRoom(server.url, owner.accessToken, { name: 'secret', visibility: 'private' });
  publicRoom = await createRoom(server.url, owner.accessToken, { name: 'open' });
  for (const a of [member, kicked]) await joinPrivate(server.url, owner.accessToken, a.accessToken, privateRoom.id);
  secret = await uploaded(server.url, owner.accessToken, await png(600, 400, '#911'), 'secret.png');
  await post(owner, privateRoom.id, 'image', secret);
  open = await uploaded(server.url, owner.accessToken, OPEN_BYTES, 'open.bin');
  await post(owner, publicRoom.id, 'file', open);
  const kick = await api(server.url, 'DELETE', `/api/rooms/${privateRoom.id}/members/${kicked.user.id}`, { token: owner.accessToken });
  if (kick.status !== 204) throw new Error(`kick failed: ${kick.status}`);
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, token?: string, headers: Record<string, string> = {}) => download(server.url, path, token, headers);
const notFound = { status: 404, body: errorBody('attachment_not_found') };

describe('who may download', () => {
  it('lets only the uploader download an upload not yet posted, thumbnail included', async () => {
    const pending = await uploaded(server.url, member.accessToken, await png(50, 50, '#191'), 'draft.png');
    for (const path of [pending.url, pending.thumbnailUrl!]) {
      expect((await get(path, member.accessToken)).status).toBe(200);
      for (const other of [owner, outsider]) expect(jsonOf(await get(path, other.accessToken))).toEqual(notFound);
    }
  });

  it('serves a private room’s attachment and thumbnail to its members', async () => {
    for (const reader of [owner, member]) {
      const file = await get(secret.url, reader.accessToken);
      expect([file.status, sha256(file.bytes)]).toEqual([200, secret.sha256]);
      expect((await get(secret.thumbnailUrl!, reader.accessToken)).status).toBe(200);
    }
  });

  it.each([
    ['a user who was never a member', () => outsider],
    ['a kicked member', () => kicked],
  ])('answers %s exactly as for an attachment that does not exist', async (_who, who) => {
    const token = who().accessToken;
    const missing = `/api/attachments/${randomUUID()}`;
    expect(jsonOf(await get(missing, token))).toEqual(notFound);
    for (const path of [secret.url, secret.thumbnailUrl!]) {
      expect(jsonOf(await get(path, token))).toEqual(notFound);
      // A conditional or ranged request must not get past the check either.
      expect(jsonOf(await get(path, token, { 'if-none-match': `"${secret.sha256}"` }))).toEqual(notFound);
      expect(jsonOf(await get(path, token, { range: 'bytes=0-9' }))).toEqual(notFound);
    }
  });

  it('serves a public room’s attachment to any logged-in user, member or not', async () => {
    const res = await get(open.url, outsider.accessToken);
    expect([res.status, res.bytes.equals(OPEN_BYTES)]).toEqual([200, true]);
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'not-a-jwt'],
  ])('answers 401 with %s, public room or not', async (_what, token) => {
    for (const path of [open.url, secret.url, secret.thumbnailUrl!]) {
      expect(jsonOf(await get(path, token))).toEqual({ status: 401, body: errorBody('unauthenticated') });
    }
  });

  it('answers 400 for an id that is not an id', async () => {
    expect(jsonOf(await get('/api/attachments/not-an-id', owner.accessToken))).toEqual({ status: 400, body: invalidRequest('params.id') });
  });
});

describe('downloads over HTTP', () => {
  const etag = () => `"${open.sha256}"`;

  it('sends a strong ETag of the hash, private caching and byte ranges on offer', async () => {
    const res = await get(open.url, owner.accessToken);
    expect({
      status: res.status,
      etag: res.headers.get('etag'),
      cache: res.headers.get('cache-control'),
      ranges: res.headers.get('accept-ranges'),
      length: res.headers.get('content-length'),
    }).toEqual({ status: 200, etag: etag(), cache: 'private, max-age=86400', ranges: 'bytes', length: '1000' });
    expect(open.sha256).toBe(sha256(OPEN_BYTES));
  });

  it.each([
    ['its ETag', () => etag()],
    ['a list holding its ETag', () => `"0000", ${etag()}`],
    ['*', () => '*'],
    // RFC 9110 §13.1.2: If-None-Match compares weakly; proxies that compress (nginx gzip) weaken ETags.
    ['the weak form of its ETag', () => `W/${etag()}`],
  ])('answers 304 with no body to If-None-Match of %s', async (_what, value) => {
    const res = await get(open.url, owner.accessToken, { 'if-none-match': value() });
    expect([res.status, res.bytes.length, res.headers.get('etag')]).toEqual([304, 0, etag()]);
  });

  it('answers 200 to If-None-Match of another ETag', async () => {
    const res = await get(open.url, owner.accessToken, { 'if-none-match': `"${'0'.repeat(64)}"` });
    expect([res.status, res.bytes.equals(OPEN_BYTES)]).toEqual([200, true]);
  });

  it.each([
    ['bytes=0-9', 0, 9],
    ['bytes=990-', 990, 999],
    ['bytes=-5', 995, 999],
    ['bytes=500-5000', 500, 999],
  ])('answers %s with 206 and exactly those bytes', async (range, start, end) => {
    const res = await get(open.url, owner.accessToken, { range });
    expect({
      status: res.status,
      range: res.headers.get('content-range'),
      length: res.headers.get('content-length'),
      etag: res.headers.get('etag'),
    }).toEqual({ status: 206, range: `bytes ${start}-${end}/1000`, length: String(end - start + 1), etag: etag() });
    expect(res.bytes.equals(OPEN_BYTES.subarray(start, end + 1))).toBe(true);
  });

  it('answers 416 with the size for a range past the end', async () => {
    const res = await get(open.url, owner.accessToken, { range: 'bytes=1000-' });
    expect([res.status, res.headers.get('content-range'), res.bytes.length]).toEqual([416, 'bytes */1000', 0]);
  });

  it.each([
    ['a reversed range', { range: 'bytes=9-3' }],
    ['several ranges', { range: 'bytes=0-1,5-9' }],
    ['an If-Range for another version', { range: 'bytes=0-9', 'if-range': `"${'f'.repeat(64)}"` }],
  ])('sends the whole file for %s', async (_what, headers) => {
    const res = await get(open.url, owner.accessToken, headers);
    expect([res.status, res.headers.get('content-range'), res.bytes.equals(OPEN_BYTES)]).toEqual([200, null, true]);
  });

  it('honours a range whose If-Range is the current ETag', async () => {
    const res = await get(open.url, owner.accessToken, { range: 'bytes=0-9', 'if-range': etag() });
    expect([res.status, res.bytes.equals(OPEN_BYTES.subarray(0, 10))]).toEqual([206, true]);
  });

  it('serves ranges of thumbnails too, tagged with the thumbnail’s own hash', async () => {
    const whole = await get(secret.thumbnailUrl!, member.accessToken);
    const part = await get(secret.thumbnailUrl!, member.accessToken, { range: 'bytes=0-11' });
    expect([whole.headers.get('etag'), part.status, part.bytes.equals(whole.bytes.subarray(0, 12))]).toEqual([`"${sha256(whole.bytes)}"`, 206, true]);
    expect(part.bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
  });
});
