import type { TestClient } from './ws-client.js';

/**
 * Round-trips a ping on each socket. The server writes a socket's frames in order, so once the pong
 * is back, anything it sent that socket earlier has arrived: a test can then assert that a frame
 * did not come, without waiting for a fixed time.
 */
export async function settle(...clients: TestClient[]): Promise<void> {
  await Promise.all(
    clients.map(async (c) => {
      const reply = await c.request({ type: 'session.ping' });
      if (reply.type !== 'session.pong') throw new Error(`expected session.pong, got ${JSON.stringify(reply)}`);
    }),
  );
}
