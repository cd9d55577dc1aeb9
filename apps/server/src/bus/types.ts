import type { Message, UserRef } from '@parley/protocol';

/** What travels on a room's channel. Messages are stored first; presence and typing are transient. */
export type RoomEvent =
  | { kind: 'message'; message: Message }
  | { kind: 'presence'; roomId: string; onlineCount: number; online: string[]; offline: string[] }
  | { kind: 'typing'; roomId: string; user: UserRef; typing: boolean };

export type RoomEventHandler = (event: RoomEvent) => void;

/** Fans room events out to every instance that has subscribers for the room. */
export interface Bus {
  publish(roomId: string, event: RoomEvent): void;
  /** Returns the function that ends this subscription. */
  subscribe(roomId: string, handler: RoomEventHandler): () => void;
  close(): Promise<void>;
}

/** Counts a user's live sockets; a user with any socket is online once. */
export interface Presence {
  /** True when this socket brought the user online. */
  connect(userId: string): Promise<boolean>;
  /** True when this socket was the user's last. */
  disconnect(userId: string): Promise<boolean>;
  isOnline(userId: string): boolean;
  close(): Promise<void>;
}
