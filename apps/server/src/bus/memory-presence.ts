import { randomUUID } from 'node:crypto';
import type { InstanceHeartbeat, Presence } from './types.js';

/** Socket counts per user, for a single instance. */
export class MemoryPresence implements Presence {
  readonly instanceId = randomUUID();
  private readonly sockets = new Map<string, number>();
  private readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

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

  onlineCount(): number {
    return this.sockets.size;
  }

  async instances(): Promise<InstanceHeartbeat[]> {
    const now = this.now();
    let sockets = 0;
    for (const n of this.sockets.values()) sockets += n;
    return [{ id: this.instanceId, sockets, onlineUsers: this.sockets.size, startedAt: this.startedAt, lastSeenAt: now, clock: now }];
  }

  async close(): Promise<void> {
    this.sockets.clear();
  }
}
