import type { MembershipState, Message, UserRef } from '@parley/protocol';

/** What travels on a room's channel. Messages are stored first; presence and typing are transient. */
export type RoomEvent =
  | { kind: 'message'; message: Message }
  | { kind: 'presence'; roomId: string; onlineCount: number; online: string[]; offline: string[] }
  | { kind: 'typing'; roomId: string; user: UserRef; typing: boolean };

export type RoomEventHandler = (event: RoomEvent) => void;

/** What travels on a user's own channel: changes only that user's devices need, whatever rooms they follow. */
export type UserEvent =
  | { kind: 'membership'; state: MembershipState }
  /** These sessions were revoked: every socket authenticated with one of them closes with 4401. */
  | { kind: 'sessions-revoked'; sessionIds: string[] };

export type UserEventHandler = (event: UserEvent) => void;

/** What travels on the one directory channel: public rooms appearing, changing or going away. */
export type DirectoryEvent = { kind: 'public-room'; roomId: string; change: 'created' | 'updated' | 'deleted' };

export type DirectoryEventHandler = (event: DirectoryEvent) => void;

/** What travels on the one instance channel: instance-wide state every server reloads (settings, for now). */
export type InstanceEvent = { kind: 'settings-changed'; origin: string };

export type InstanceEventHandler = (event: InstanceEvent) => void;

/**
 * Fans events out to every instance that has subscribers: one channel per room, and one per user
 * and one directory channel and one instance channel (a Redis bus maps each to its own pub/sub
 * channel: `room:<id>`, `user:<id>`, `directory`, `instances`).
 */
export interface Bus {
  publish(roomId: string, event: RoomEvent): void;
  /** Returns the function that ends this subscription. */
  subscribe(roomId: string, handler: RoomEventHandler): () => void;
  publishToUser(userId: string, event: UserEvent): void;
  /** Returns the function that ends this subscription. */
  subscribeUser(userId: string, handler: UserEventHandler): () => void;
  publishToDirectory(event: DirectoryEvent): void;
  /** Returns the function that ends this subscription. */
  subscribeDirectory(handler: DirectoryEventHandler): () => void;
  publishToInstances(event: InstanceEvent): void;
  /** Returns the function that ends this subscription. */
  subscribeInstances(handler: InstanceEventHandler): () => void;
  /** False while the bus cannot deliver (e.g. Redis disconnected); absent means always ready. Read by /readyz. */
  isReady?(): boolean;
  close(): Promise<void>;
}

/** Where a failing bus handler was subscribed, for the log line. */
export type BusChannel = { roomId: string } | { userId: string } | { directory: true } | { instances: true };

/**
 * What other instances tell this one. A user came online or went offline elsewhere: `announce` is true
 * for the one instance that must publish the room presence events (it swept a crashed instance); the
 * others only update counts. Membership changes made elsewhere keep per-room online sets right.
 */
export type PresenceChange =
  // `again`: the user never went offline here, but the other instances were told so and must hear otherwise.
  | { kind: 'user'; userId: string; online: boolean; announce: boolean; again?: boolean }
  | RoomChange;

/** A membership change made on one instance, which every other instance applies to its online sets. */
export type RoomChange = { kind: 'member'; roomId: string; userId: string; added: boolean } | { kind: 'room-deleted'; roomId: string };

/**
 * One running server as its last heartbeat reported it. `clock` is that server's own Date.now() at
 * the heartbeat and `lastSeenAt` the shared clock's (Redis TIME) at the same moment, so their
 * difference is the server's clock skew (`parley doctor` reads it). Single instance: both are local.
 */
export interface InstanceHeartbeat {
  id: string;
  /** Authenticated sockets on that instance. */
  sockets: number;
  /** Users with a socket on that instance. */
  onlineUsers: number;
  startedAt: number;
  lastSeenAt: number;
  clock: number;
}

/** Counts a user's live sockets, on every instance; a user with any socket anywhere is online once. */
export interface Presence {
  /** This server's id among the instances (random per process). */
  readonly instanceId: string;
  /** Users online anywhere. */
  onlineCount(): number;
  /** Every live instance: this one as of now, the others as of their last heartbeat. */
  instances(): Promise<InstanceHeartbeat[]>;
  /** True when this socket brought the user online. */
  connect(userId: string): Promise<boolean>;
  /** True when this socket was the user's last. */
  disconnect(userId: string): Promise<boolean>;
  isOnline(userId: string): boolean;
  /** Changes made elsewhere; absent on a single instance, where there is no elsewhere. */
  onRemoteChange?(listener: (change: PresenceChange) => void): void;
  /**
   * The server is shutting down: sockets closing from now on leave their users online here until a peer
   * sweeps this instance, so users who reconnect elsewhere at once never flicker offline.
   */
  beginShutdown?(): void;
  /** Tells the other instances of a membership change made here. */
  shareRoomChange?(change: RoomChange): void;
  close(): Promise<void>;
}
