import { randomBytes } from 'node:crypto';
import { Agent, get, type IncomingMessage } from 'node:http';
import { expect, it } from 'vitest';
import { registerUser } from './helpers/api.js';
import { startServer } from './helpers/start-server.js';
import { sha256, uploaded } from './helpers/uploads.js';

// A download still being sent when the server is asked to stop (SIGTERM, or a test's close()).
it('finishes a download in flight at shutdown, then closes its connection instead of keeping it alive', async () => {
  const server = await startServer();
  const user = await registerUser(server.url);
  const bytes = randomBytes(8 * 1024 * 1024);
  const file = await uploaded(server.url, user.accessToken, bytes, 'big.bin');

  // A client that keeps connections as long as the server allows, as browsers and fetch do.
  const agent = new Agent({ keepAlive: true });
  // Hold the response unread, so the server is mid-stream (backpressure) when close() begins.
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    get(`${server.url}${file.url}`, { agent, headers: { authorization: `Bearer ${user.accessToken}` } }, (r) => {
      r.pause();
      resolve(r);
    }).on('error', reject);
  });
  expect(res.statusCode).toBe(200);
  const closed = server.close();

  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  expect(sha256(Buffer.concat(chunks))).toBe(sha256(bytes));
  try {
    // Without closing the finished connection, Node keeps it alive for keepAliveTimeout (72 s).
    await closed;
  } finally {
    agent.destroy();
  }
});
