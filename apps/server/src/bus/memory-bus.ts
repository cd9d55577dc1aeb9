import type { Bus, RoomEvent, RoomEventHandler } from './types.js';

/** In-process bus for a single instance: a publish reaches the room's handlers synchronously, in order. */
export class MemoryBus implements Bus {
  private readonly rooms = new Map<string, Set<RoomEventHandler>>();

  constructor(private readonly onHandlerError: (err: unknown, roomId: string) => void) {}

  publish(roomId: string, event: RoomEvent): void {
    const handlers = this.rooms.get(roomId);
    if (!handlers) return;
    for (const handler of [...handlers]) {
      try {
        handler(event);
      } catch (err) {
        this.onHandlerError(err, roomId);
      }
    }
  }

  subscribe(roomId: string, handler: RoomEventHandler): () => void {
    let handlers = this.rooms.get(roomId);
    if (!handlers) this.rooms.set(roomId, (handlers = new Set()));
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.rooms.get(roomId) === handlers) this.rooms.delete(roomId);
    };
  }

  async close(): Promise<void> {
    this.rooms.clear();
  }
}
