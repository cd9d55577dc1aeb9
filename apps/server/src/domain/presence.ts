import type { UserRef } from '@parley/protocol';
import type { Bus, Presence } from '../bus/types.js';
import type { Store } from '../storage/types.js';

export interface PresenceDeps {
  presence: Presence;
  store: Pick<Store, 'members'>;
  bus: Bus;
  /** Changes within this window go out as one `presence.updated` per room. */
  flushMs: number;
  /** A remote user's rooms could not be loaded; their counts stay as they were. */
  onError?: (err: unknown) => void;
}

/**
 * Tracks which members of each room are online and announces changes, coalesced per room,
 * so a flapping socket or a user with two tabs produces at most one update per window.
 */
export function createPresenceService({ presence, store, bus, flushMs, onError = () => undefined }: PresenceDeps) {
  const onlineByRoom = new Map<string, Set<string>>();
  const roomsByUser = new Map<string, Set<string>>();
  const pending = new Map<string, Map<string, boolean>>();
  let timer: NodeJS.Timeout | undefined;

  function queue(roomId: string, userId: string, online: boolean): void {
    let changes = pending.get(roomId);
    if (!changes) pending.set(roomId, (changes = new Map()));
    changes.set(userId, online);
    timer ??= setTimeout(flush, flushMs);
  }

  function flush(): void {
    timer = undefined;
    const batch = [...pending];
    pending.clear();
    for (const [roomId, changes] of batch) {
      const now = onlineByRoom.get(roomId) ?? new Set<string>();
      // Net effect only: online-then-offline inside one window is no change at all.
      const online = [...changes].filter(([u, on]) => on && now.has(u)).map(([u]) => u);
      const offline = [...changes].filter(([u, on]) => !on && !now.has(u)).map(([u]) => u);
      if (online.length || offline.length) {
        bus.publish(roomId, { kind: 'presence', roomId, onlineCount: now.size, online, offline });
      }
    }
  }

  /** `announce` is false when another instance tells the rooms, so this one only keeps its counts right. */
  function add(roomId: string, userId: string, announce = true): void {
    let users = onlineByRoom.get(roomId);
    if (!users) onlineByRoom.set(roomId, (users = new Set()));
    if (users.has(userId)) return;
    users.add(userId);
    if (announce) queue(roomId, userId, true);
  }

  function remove(roomId: string, userId: string, announce = true): void {
    const users = onlineByRoom.get(roomId);
    if (!users?.delete(userId)) return;
    if (users.size === 0) onlineByRoom.delete(roomId);
    if (announce) queue(roomId, userId, false);
  }

  async function wentOnline(userId: string, announce: boolean): Promise<void> {
    const roomIds = await store.members.listRoomIds(userId);
    if (!presence.isOnline(userId)) return; // went offline while we were loading
    const rooms = new Set(roomIds);
    roomsByUser.set(userId, rooms);
    for (const roomId of rooms) add(roomId, userId, announce);
  }

  function wentOffline(userId: string, announce: boolean): void {
    const rooms = roomsByUser.get(userId);
    roomsByUser.delete(userId);
    for (const roomId of rooms ?? []) remove(roomId, userId, announce);
  }

  function memberAdded(roomId: string, userId: string, announce: boolean): void {
    const rooms = roomsByUser.get(userId);
    if (!rooms) return;
    rooms.add(roomId);
    add(roomId, userId, announce);
  }

  function memberRemoved(roomId: string, userId: string, announce: boolean): void {
    roomsByUser.get(userId)?.delete(roomId);
    remove(roomId, userId, announce);
  }

  function roomDeleted(roomId: string): void {
    for (const userId of onlineByRoom.get(roomId) ?? []) roomsByUser.get(userId)?.delete(roomId);
    onlineByRoom.delete(roomId);
    pending.delete(roomId);
  }

  // The instance where a change happens announces it; the others only keep their sets right.
  presence.onRemoteChange?.((change) => {
    if (change.kind === 'member') return change.added ? memberAdded(change.roomId, change.userId, false) : memberRemoved(change.roomId, change.userId, false);
    if (change.kind === 'room-deleted') return roomDeleted(change.roomId);
    if (change.again) for (const roomId of roomsByUser.get(change.userId) ?? []) queue(roomId, change.userId, true);
    else if (change.online) wentOnline(change.userId, change.announce).catch(onError);
    else wentOffline(change.userId, change.announce);
  });

  return {
    async userConnected(userId: string): Promise<void> {
      if (!(await presence.connect(userId))) return;
      await wentOnline(userId, true);
    },

    async userDisconnected(userId: string): Promise<void> {
      if (!(await presence.disconnect(userId))) return;
      wentOffline(userId, true);
    },

    memberAdded(roomId: string, userId: string): void {
      memberAdded(roomId, userId, true);
      presence.shareRoomChange?.({ kind: 'member', roomId, userId, added: true });
    },

    memberRemoved(roomId: string, userId: string): void {
      memberRemoved(roomId, userId, true);
      presence.shareRoomChange?.({ kind: 'member', roomId, userId, added: false });
    },

    roomDeleted(roomId: string): void {
      roomDeleted(roomId);
      presence.shareRoomChange?.({ kind: 'room-deleted', roomId });
    },

    /** Typing is transient: relayed to the room's live subscribers, never stored. */
    announceTyping(roomId: string, user: UserRef, typing: boolean): void {
      bus.publish(roomId, { kind: 'typing', roomId, user, typing });
    },

    isOnline: (userId: string) => presence.isOnline(userId),
    onlineUserIds: (roomId: string) => [...(onlineByRoom.get(roomId) ?? [])],
    onlineCount: (roomId: string) => onlineByRoom.get(roomId)?.size ?? 0,

    close(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}

export type PresenceService = ReturnType<typeof createPresenceService>;
