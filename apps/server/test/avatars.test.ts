import type { MemberList, User } from '@parley/protocol';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, userRef, type Account } from './helpers/bodies.js';
import { history, join } from './helpers/cast.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { blobFiles, blobPath, download, jpegWithGps, jsonOf, png, sha256, tempFiles, textBytes, upload, uploaded } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

// PUT/DELETE /api/me/avatar and the public GET /api/avatars/:hash.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const AVATAR_URL = /^\/api\/avatars\/[0-9a-f]{64}$/;
const hashOf = (url: string) => url.split('/').pop()!; // AVATAR_URL was checked first
const setAvatar = (token: string, bytes: Buffer, name = 'me.png') => upload<User>(server.url, token, bytes, name, '/api/me/avatar', 'PUT');
const userBody = (a: Account, avatar?: unknown) => ({ ...userRef(a), bio: '', statusText: '', createdAt: a.user.createdAt, ...(avatar !== undefined && { avatar }) });

let colours = 0;
/** A picture no other test uses, so blobs are not shared by accident (storage is content-addressed). */
const uniquePicture = () => png(300, 200, `#${(0x100000 + ++colours * 7919).toString(16).slice(-6)}`);

async function withAvatar(prefix: string, bytes?: Buffer): Promise<{ account: Account; me: User; avatar: { small: string; large: string } }> {
  const account = await registerUser(server.url, prefix);
  const res = await setAvatar(account.accessToken, bytes ?? (await uniquePicture()));
  expect(res).toEqual({ status: 200, body: userBody(account, { small: expect.stringMatching(AVATAR_URL), large: expect.stringMatching(AVATAR_URL) }) });
  return { account, me: res.body, avatar: res.body.avatar! }; // just checked
}

describe('setting an avatar', () => {
  it('crops a non-square image to public 64 and 256 px WebP squares, cached forever, without EXIF', async () => {
    const { avatar } = await withAvatar('pic', await jpegWithGps(900, 600));
    for (const [url, px] of [[avatar.small, 64], [avatar.large, 256]] as const) {
      const res = await download(server.url, url);
      expect(res.status).toBe(200);
      expect([res.headers.get('content-type'), res.headers.get('cache-control'), res.headers.get('etag')]).toEqual([
        'image/webp',
        'public, max-age=31536000, immutable',
        `"${hashOf(url)}"`,
      ]);
      expect(sha256(res.bytes)).toBe(hashOf(url));
      const meta = await sharp(res.bytes).metadata();
      expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['webp', px, px, undefined]);
    }
  });

  it('shows the avatar on the profile, in member lists and on messages, live and in history', async () => {
    const owner = await registerUser(server.url, 'owner');
    const room = await createRoom(server.url, owner.accessToken, { name: 'faces' });
    const poster = await registerUser(server.url, 'poster');
    expect((await join(server.url, poster.accessToken, room.id)).status).toBe(200);
    // Connected before the avatar exists, as a browser tab is when its user changes the picture.
    const ws = await connect(server.wsUrl, poster.accessToken, [{ roomId: room.id }]);
    const watcher = await connect(server.wsUrl, owner.accessToken, [{ roomId: room.id }]);
    try {
      await Promise.all([ws.next('room.subscribed'), watcher.next('room.subscribed')]);
      const res = await setAvatar(poster.accessToken, await uniquePicture());
      const sender = { ...userRef(poster), avatar: res.body.avatar };
      expect(sender.avatar).toEqual({ small: expect.stringMatching(AVATAR_URL), large: expect.stringMatching(AVATAR_URL) });

      expect(await api(server.url, 'GET', '/api/me', { token: poster.accessToken })).toEqual({ status: 200, body: { ...userBody(poster, sender.avatar), isAdmin: false, passwordChangeRequired: false } });
      const members = await api<MemberList>(server.url, 'GET', `/api/rooms/${room.id}/members`, { token: owner.accessToken });
      expect(members.body.members.map((m) => m.user)).toEqual([userRef(owner), sender]);

      await ws.request({ type: 'message.send', roomId: room.id, clientMsgId: 'hello', body: 'new face' });
      expect((await watcher.next('message.created', (f) => f.message.clientMsgId === 'hello')).message.sender).toEqual(sender);
      expect((await history(server.url, owner.accessToken, room.id)).at(-1)?.sender).toEqual(sender);
    } finally {
      await Promise.all([ws.close(), watcher.close()]);
    }
  });

  it('replaces an avatar and deletes the old blobs from disk', async () => {
    const { account, avatar: old } = await withAvatar('swap');
    const res = await setAvatar(account.accessToken, await uniquePicture());
    expect(res.status).toBe(200);
    const blobs = blobFiles(server.config.dataDir);
    for (const url of [res.body.avatar!.small, res.body.avatar!.large]) expect(blobs).toContain(blobPath(hashOf(url)));
    for (const url of [old.small, old.large]) {
      expect(blobs).not.toContain(blobPath(hashOf(url)));
      expect(jsonOf(await download(server.url, url))).toEqual({ status: 404, body: errorBody('not_found') });
    }
  });

  it('refuses a file that is not an image with 415, leaving nothing behind', async () => {
    const { account, me } = await withAvatar('notimage');
    const before = blobFiles(server.config.dataDir);
    const res = await setAvatar(account.accessToken, textBytes('<svg><script>alert(1)</script></svg>'), 'me.svg');
    expect(res).toEqual({ status: 415, body: errorBody('unsupported_media_type', 'An avatar must be a JPEG, PNG, GIF or WebP image') });
    expect([blobFiles(server.config.dataDir), tempFiles(server.config.dataDir)]).toEqual([before, []]);
    expect((await api(server.url, 'GET', '/api/me', { token: account.accessToken })).body).toEqual({ ...me, isAdmin: expect.any(Boolean), passwordChangeRequired: false });
  });

  it('refuses a corrupt image with 400', async () => {
    const account = await registerUser(server.url, 'corrupt');
    const jpeg = await jpegWithGps(400, 400);
    const res = await setAvatar(account.accessToken, jpeg.subarray(0, jpeg.length >> 1), 'me.jpg');
    expect(res).toEqual({ status: 400, body: errorBody('invalid_request', 'The image is corrupt or truncated') });
  });

  it('needs a token to change it', async () => {
    const res = await upload(server.url, undefined, await png(64, 64), 'me.png', '/api/me/avatar', 'PUT');
    expect(res).toEqual({ status: 401, body: errorBody('unauthenticated') });
    expect(jsonOf(await download(server.url, '/api/me/avatar'))).toEqual({ status: 404, body: errorBody('not_found') });
  });
});

describe('removing an avatar', () => {
  it('goes back to no avatar and deletes the blobs from disk', async () => {
    const { account, avatar } = await withAvatar('remove');
    const res = await api(server.url, 'DELETE', '/api/me/avatar', { token: account.accessToken });
    expect(res).toEqual({ status: 200, body: userBody(account) });
    const blobs = blobFiles(server.config.dataDir);
    for (const url of [avatar.small, avatar.large]) {
      expect(blobs).not.toContain(blobPath(hashOf(url)));
      expect(jsonOf(await download(server.url, url))).toEqual({ status: 404, body: errorBody('not_found') });
    }
  });

  it('keeps blobs another user still has as their avatar', async () => {
    const same = await png(256, 256, '#123');
    const first = await withAvatar('twin', same);
    const second = await withAvatar('twin', same);
    expect(second.avatar).toEqual(first.avatar);
    expect((await api(server.url, 'DELETE', '/api/me/avatar', { token: first.account.accessToken })).status).toBe(200);
    for (const url of [first.avatar.small, first.avatar.large]) expect((await download(server.url, url)).status).toBe(200);
  });

  it('is harmless without an avatar', async () => {
    const account = await registerUser(server.url, 'plain');
    expect(await api(server.url, 'DELETE', '/api/me/avatar', { token: account.accessToken })).toEqual({ status: 200, body: userBody(account) });
  });
});

describe('the public avatar route', () => {
  it('serves only avatars: never an attachment or thumbnail blob, even by its hash', async () => {
    const uploader = await registerUser(server.url, 'uploader');
    const attachment = await uploaded(server.url, uploader.accessToken, await png(300, 300), 'private.png');
    const thumbHash = sha256((await download(server.url, attachment.thumbnailUrl!, uploader.accessToken)).bytes);
    const file = await uploaded(server.url, uploader.accessToken, textBytes('secret notes\n'), 'secret.txt');
    for (const hash of [attachment.sha256, thumbHash, file.sha256]) {
      expect(blobFiles(server.config.dataDir)).toContain(blobPath(hash));
      for (const token of [undefined, uploader.accessToken]) {
        expect(jsonOf(await download(server.url, `/api/avatars/${hash}`, token))).toEqual({ status: 404, body: errorBody('not_found') });
      }
    }
  });

  it('answers 400 for something that is not a hash', async () => {
    expect(jsonOf(await download(server.url, '/api/avatars/..%2F..%2Fparley.db'))).toEqual({ status: 400, body: invalidRequest('params.hash') });
  });
});
