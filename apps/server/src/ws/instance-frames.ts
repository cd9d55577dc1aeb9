import type { PublicInstance } from '@parley/protocol';
import { encode } from './frames.js';
import type { LiveSockets } from './live-sockets.js';

/** Sends `instance.updated` to every signed-in socket of this instance, serialized once. */
export function broadcastInstance(sockets: LiveSockets, instance: PublicInstance): void {
  const frame = encode({ type: 'instance.updated', instance });
  for (const conn of sockets) {
    // A socket still authenticating gets the current settings from GET /api/instance when it needs them.
    if (conn.user && conn.isOpen) conn.sendEncoded(frame);
  }
}
