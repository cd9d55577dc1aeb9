import type { ClientFrame } from '@parley/protocol';
import type { Connection } from '../connection.js';
import type { WsContext } from '../context.js';
import { errorFrame } from '../errors.js';

type Typing = Extract<ClientFrame, { type: 'typing.start' | 'typing.stop' }>;

/** Relays typing to the room; only a subscribed socket (hence a member) may do so. */
export function handleTyping(ctx: WsContext, conn: Connection, frame: Typing): void {
  if (!conn.subscriptions.has(frame.roomId)) {
    conn.send(errorFrame('room_not_found', 'Subscribe to the room before sending typing', frame.ref));
    return;
  }
  ctx.presence.announceTyping(frame.roomId, conn.userRef, frame.type === 'typing.start');
}
