import type { Presence } from './types.js';

/** Socket counts per user, for a single instance. */
export class MemoryPresence implements Presence {
  private readonly sockets = new Map<string, number>();

  async connect(userId: string): Promise<boolean> {
    const n = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, n);
    return n === 1;
  }

  async disconnect(userId: string): Promise<boolean> {
    const n = (this.sockets.get(userId) ?? 0) - 1;
    if (n > 0) {
      this.sockets.set(userId, n);
      return false;
    }
    const wasOnline = this.sockets.delete(userId);
    return wasOnline;
  }

  isOnline(userId: string): boolean {
    return this.sockets.has(userId);
  }

  async close(): Promise<void> {
    this.sockets.clear();
  }
}
