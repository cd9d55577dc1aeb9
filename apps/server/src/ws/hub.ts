import type { Bus, DirectoryEvent, RoomEvent, UserEvent } from '../bus/types.js';
import { encode, type EncodedFrame } from './frames.js';

/** A local subscriber: gets each room event and, for transient events, its frame already serialized. */
export type RoomListener = (event: RoomEvent, frame: EncodedFrame | undefined) => void;

/**
 * A local socket of a user: gets each event of the user's channel with its frame already serialized;
 * no frame for events that are instructions to the server (session revocation), not news for the client.
 */
export type UserListener = (event: UserEvent, frame: EncodedFrame | undefined) => void;

/** A local signed-in socket: gets each directory event with its frame already serialized. */
export type DirectoryListener = (event: DirectoryEvent, frame: EncodedFrame) => void;

interface Shared<L> {
  listeners: Set<L>;
  unsubscribe: () => void;
}

/**
 * Local fan-out: one bus subscription per room (and per user) that has sockets on this instance,
 * shared by all of them, so an event is parsed and serialized once per instance rather than once per socket.
 */
export class Hub {
  private readonly rooms = new Map<string, Shared<RoomListener>>();
  private readonly users = new Map<string, Shared<UserListener>>();
  private readonly directory = new Map<string, Shared<DirectoryListener>>();

  constructor(private readonly bus: Bus) {}

  /** Adds a listener for a room; returns the function that removes it. */
  attach(roomId: string, listener: RoomListener): () => void {
    return share(this.rooms, roomId, listener, (listeners) =>
      this.bus.subscribe(roomId, (event) => {
        const frame = transientFrame(event);
        for (const l of listeners) l(event, frame);
      }),
    );
  }

  /** Adds a listener for a user's own channel; returns the function that removes it. */
  attachUser(userId: string, listener: UserListener): () => void {
    return share(this.users, userId, listener, (listeners) =>
      this.bus.subscribeUser(userId, (event) => {
        const frame = userFrame(event);
        for (const l of listeners) l(event, frame);
      }),
    );
  }

  /** Adds a listener for the public-room directory; one bus subscription serves every local socket. */
  attachDirectory(listener: DirectoryListener): () => void {
    return share(this.directory, '', listener, (listeners) =>
      this.bus.subscribeDirectory((event) => {
        const frame = encode({ type: 'directory.changed', roomId: event.roomId, change: event.change });
        for (const l of listeners) l(event, frame);
      }),
    );
  }

  /** How many rooms have local listeners (for metrics and tests). */
  get roomCount(): number {
    return this.rooms.size;
  }

  /** How many users have local listeners (for metrics and tests). */
  get userCount(): number {
    return this.users.size;
  }
}

/** Adds `listener` under `key`, subscribing to the bus for the first one and unsubscribing after the last. */
function share<L>(map: Map<string, Shared<L>>, key: string, listener: L, subscribe: (listeners: Set<L>) => () => void): () => void {
  let entry = map.get(key);
  if (!entry) {
    const listeners = new Set<L>();
    entry = { listeners, unsubscribe: subscribe(listeners) };
    map.set(key, entry);
  }
  entry.listeners.add(listener);
  const shared = entry;
  return () => {
    shared.listeners.delete(listener);
    if (shared.listeners.size === 0 && map.get(key) === shared) {
      map.delete(key);
      shared.unsubscribe();
    }
  };
}

function transientFrame(event: RoomEvent): EncodedFrame | undefined {
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

function userFrame(event: UserEvent): EncodedFrame | undefined {
  switch (event.kind) {
    case 'membership':
      return encode({ type: 'membership.updated', ...event.state });
    case 'sessions-revoked':
      return undefined;
  }
}
