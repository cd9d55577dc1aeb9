import type { Bus, RoomEvent } from '../bus/types.js';
import { encode } from './frames.js';

/** A local subscriber: gets each room event and, for transient events, its frame already serialized. */
export type RoomListener = (event: RoomEvent, frame: string | undefined) => void;

/**
 * Local fan-out: one bus subscription per room that has sockets on this instance, shared by all of them,
 * so a message is parsed and serialized once per instance rather than once per socket.
 */
export class Hub {
  private readonly rooms = new Map<string, { listeners: Set<RoomListener>; unsubscribe: () => void }>();

  constructor(private readonly bus: Bus) {}

  /** Adds a listener for a room; returns the function that removes it. */
  attach(roomId: string, listener: RoomListener): () => void {
    let room = this.rooms.get(roomId);
    if (!room) {
      const listeners = new Set<RoomListener>();
      const unsubscribe = this.bus.subscribe(roomId, (event) => {
        const frame = transientFrame(event);
        for (const l of listeners) l(event, frame);
      });
      room = { listeners, unsubscribe };
      this.rooms.set(roomId, room);
    }
    room.listeners.add(listener);
    const entry = room;
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0 && this.rooms.get(roomId) === entry) {
        this.rooms.delete(roomId);
        entry.unsubscribe();
      }
    };
  }

  /** How many rooms have local listeners (for metrics and tests). */
  get roomCount(): number {
    return this.rooms.size;
  }
}

function transientFrame(event: RoomEvent): string | undefined {
  switch (event.kind) {
    case 'message':
      return undefined; // serialized by messageFrame(), which also serves replays
    case 'presence':
      return encode({
        type: 'presence.updated',
        roomId: event.roomId,
        onlineCount: event.onlineCount,
        online: event.online,
        offline: event.offline,
      });
    case 'typing':
      return encode({ type: 'typing.updated', roomId: event.roomId, user: event.user, typing: event.typing });
  }
}
