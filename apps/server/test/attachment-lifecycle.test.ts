import { randomBytes, randomUUID } from 'node:crypto';
import type { Attachment } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom, registerUser } from './helpers/api.js';
import { errorBody, type Account } from './helpers/bodies.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { blobFiles, blobPath, download, jsonOf, png, sha256, tempFiles, upload, uploaded } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

// What happens to stored bytes over time: room deletion, and many uploads at once.
let server: TestServer;
let alice: Account;
let bob: Account;
beforeAll(async () => {
  server = await startServer();
  [alice, bob] = await Promise.all([registerUser(server.url, 'alice'), registerUser(server.url, 'bob')]);
});
afterAll(async () => {
  await server.close();
});

const blobs = () => blobFiles(server.config.dataDir);

async function post(account: Account, roomId: string, attachments: Attachment[]): Promise<void> {
  const ws = await connect(server.wsUrl, account.accessToken);
  try {
    const reply = await ws.request({ type: 'message.send', roomId, clientMsgId: randomUUID(), kind: 'file', attachmentIds: attachments.map((a) => a.id) });
    expect(reply.type).toBe('message.acked');
  } finally {
    await ws.close();
  }
}

describe('deleting a room', () => {
  it("removes its attachments' blobs, except those another room or an unused upload still uses", async () => {
    const doomed = await createRoom(server.url, alice.accessToken, { name: 'doomed' });
    const other = await createRoom(server.url, alice.accessToken, { name: 'other' });
    const [sharedBytes, pendingBytes] = [randomBytes(2000), randomBytes(2000)];
    const image = await uploaded(server.url, alice.accessToken, await png(700, 500, '#d71'), 'only-here.png');
    const only = await uploaded(server.url, alice.accessToken, randomBytes(2000), 'only-here.bin');
    const shared = await uploaded(server.url, alice.accessToken, sharedBytes, 'shared.bin');
    const alsoPending = await uploaded(server.url, alice.accessToken, pendingBytes, 'also-pending.bin');
    await post(alice, doomed.id, [image, only, shared, alsoPending]);
    const sharedElsewhere = await uploaded(server.url, alice.accessToken, sharedBytes, 'shared-too.bin');
    await post(alice, other.id, [sharedElsewhere]);
    const pending = await uploaded(server.url, alice.accessToken, pendingBytes, 'pending.bin');
    const thumbHash = sha256((await download(server.url, image.thumbnailUrl!, alice.accessToken)).bytes);
    const gone = [image.sha256, thumbHash, only.sha256].map(blobPath);
    const kept = [shared.sha256, alsoPending.sha256].map(blobPath);
    expect(blobs()).toEqual(expect.arrayContaining([...gone, ...kept]));

    expect((await api(server.url, 'DELETE', `/api/rooms/${doomed.id}`, { token: alice.accessToken })).status).toBe(204);

    const after = blobs();
    expect(gone.filter((b) => after.includes(b))).toEqual([]);
    expect(kept.filter((b) => after.includes(b))).toEqual(kept);
    for (const a of [image, only, shared]) {
      expect(jsonOf(await download(server.url, a.url, alice.accessToken))).toEqual({ status: 404, body: errorBody('attachment_not_found') });
    }
    for (const [a, bytes] of [[sharedElsewhere, sharedBytes], [pending, pendingBytes]] as const) {
      const res = await download(server.url, a.url, alice.accessToken);
      expect([res.status, res.bytes.equals(bytes)]).toEqual([200, true]);
    }
  });
});

describe('concurrent uploads', () => {
  it('stores 10 different files from two users at once, each with its own hash', async () => {
    const files = Array.from({ length: 10 }, (_, i) => ({ who: i % 2 ? bob : alice, bytes: randomBytes(50_000 + i), name: `f${i}.bin` }));
    const results = await Promise.all(files.map((f) => upload(server.url, f.who.accessToken, f.bytes, f.name)));
    expect(results.map((r) => [r.status, r.body.name, r.body.sha256])).toEqual(files.map((f) => [201, f.name, sha256(f.bytes)]));
    for (const [i, f] of files.entries()) {
      const res = await download(server.url, results[i]!.body.url, f.who.accessToken);
      expect(res.bytes.equals(f.bytes)).toBe(true);
    }
    expect(blobs()).toEqual(expect.arrayContaining(files.map((f) => blobPath(sha256(f.bytes)))));
    expect(tempFiles(server.config.dataDir)).toEqual([]);
  });

  it('stores the same file uploaded 5 times at once as one blob and 5 attachments', async () => {
    const bytes = randomBytes(80_000);
    const before = blobs();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => upload(server.url, (i % 2 ? bob : alice).accessToken, bytes, `same${i}.bin`)));
    expect(results.map((r) => [r.status, r.body.sha256])).toEqual(Array(5).fill([201, sha256(bytes)]));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(5);
    expect(blobs()).toEqual([...before, blobPath(sha256(bytes))].sort());
    expect(tempFiles(server.config.dataDir)).toEqual([]);
  });

  it('stores the same image uploaded 5 times at once as one image blob and one thumbnail', async () => {
    const bytes = await png(900, 600, '#5a9');
    const before = blobs();
    const results = await Promise.all(Array.from({ length: 5 }, () => upload(server.url, alice.accessToken, bytes, 'same.png')));
    expect(new Set(results.map((r) => `${r.status} ${r.body.sha256}`))).toEqual(new Set([`201 ${results[0]!.body.sha256}`]));
    const thumb = sha256((await download(server.url, results[0]!.body.thumbnailUrl!, alice.accessToken)).bytes);
    expect(blobs()).toEqual([...before, blobPath(results[0]!.body.sha256), blobPath(thumb)].sort());
  });
});
