import type { Bus, BusChannel, DirectoryEvent, DirectoryEventHandler, RoomEvent, RoomEventHandler, UserEvent, UserEventHandler } from './types.js';

const DIRECTORY = 'directory';

/** Handlers by channel key; a publish reaches them synchronously, in subscription order. */
class Channels<E> {
  private readonly handlers = new Map<string, Set<(event: E) => void>>();

  constructor(private readonly onError: (err: unknown, key: string) => void) {}

  publish(key: string, event: E): void {
    const set = this.handlers.get(key);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(event);
      } catch (err) {
        this.onError(err, key);
      }
    }
  }

  subscribe(key: string, handler: (event: E) => void): () => void {
    let set = this.handlers.get(key);
    if (!set) this.handlers.set(key, (set = new Set()));
    set.add(handler);
    const entry = set;
    return () => {
      entry.delete(handler);
      if (entry.size === 0 && this.handlers.get(key) === entry) this.handlers.delete(key);
    };
  }

  clear(): void {
    this.handlers.clear();
  }
}

/** In-process bus for a single instance: a publish reaches the channel's handlers synchronously, in order. */
export class MemoryBus implements Bus {
  private readonly rooms: Channels<RoomEvent>;
  private readonly users: Channels<UserEvent>;
  private readonly directory: Channels<DirectoryEvent>;

  constructor(onHandlerError: (err: unknown, channel: BusChannel) => void) {
    this.rooms = new Channels((err, roomId) => onHandlerError(err, { roomId }));
    this.users = new Channels((err, userId) => onHandlerError(err, { userId }));
    this.directory = new Channels((err) => onHandlerError(err, { directory: true }));
  }

  publish(roomId: string, event: RoomEvent): void {
    this.rooms.publish(roomId, event);
  }

  subscribe(roomId: string, handler: RoomEventHandler): () => void {
    return this.rooms.subscribe(roomId, handler);
  }

  publishToUser(userId: string, event: UserEvent): void {
    this.users.publish(userId, event);
  }

  subscribeUser(userId: string, handler: UserEventHandler): () => void {
    return this.users.subscribe(userId, handler);
  }

  publishToDirectory(event: DirectoryEvent): void {
    this.directory.publish(DIRECTORY, event);
  }

  subscribeDirectory(handler: DirectoryEventHandler): () => void {
    return this.directory.subscribe(DIRECTORY, handler);
  }

  async close(): Promise<void> {
    this.rooms.clear();
    this.users.clear();
    this.directory.clear();
  }
}
