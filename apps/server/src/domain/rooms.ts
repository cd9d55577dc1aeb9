import { randomUUID } from 'node:crypto';
import type { CreateRoomBody, Message, Room, RoomVisibility, UpdateRoomBody, UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { RoomListing, RoomRecord, Store } from '../storage/types.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { assertNotDirect } from './direct-rules.js';
import { roomNotFound } from './errors.js';
import { appendSystemMessage } from './messages.js';
import { canDeleteRoom, canManageRoom } from './permissions.js';
import type { PresenceService } from './presence.js';
import { publishMembership } from './read-state.js';
import { getMemberRoom, getReadableRoom, requireRole } from './room-access.js';

export interface RoomDeps {
  store: Store;
  bus: Bus;
  presence: PresenceService;
  clock: Clock;
  audit: AuditLog;
  /** Frees what a deleted room held (its attachments' storage). */
  onRoomDeleted: (roomId: string) => Promise<void>;
}

export function createRoomService({ store, bus, presence, clock, audit, onRoomDeleted }: RoomDeps) {
  const toRoom = (r: RoomListing, directMembers: UserRef[] | undefined): Room => ({
    id: r.id,
    type: r.kind,
    name: r.name,
    description: r.description,
    visibility: r.visibility,
    createdAt: new Date(r.createdAt).toISOString(),
    lastSeq: r.lastSeq,
    memberCount: r.memberCount,
    onlineCount: presence.onlineCount(r.id),
    myRole: r.myRole,
    lastReadSeq: r.lastReadSeq,
    unreadCount: r.unreadCount,
    mentionCount: r.mentionCount,
    muted: r.muted,
    ...(r.kind === 'direct' && { directMembers: directMembers ?? [] }),
  });
  /** Rooms as listed, direct rooms with their members (one query for all of them). */
  const toRooms = async (listings: RoomListing[]): Promise<Room[]> => {
    const members = await store.directRooms.listMembers(listings.filter((r) => r.kind === 'direct').map((r) => r.id));
    return listings.map((r) => toRoom(r, members.get(r.id)));
  };
  const publish = (m: Message) => bus.publish(m.roomId, { kind: 'message', message: m });
  /** Private rooms never reach the directory: nothing about them may reach non-members. */
  const announce = (roomId: string, visibility: RoomVisibility, change: 'created' | 'updated' | 'deleted') => {
    if (visibility === 'public') bus.publishToDirectory({ kind: 'public-room', roomId, change });
  };

  /** `room.deleted` (by `actor`) and the soft delete in one transaction, then every member's stream ends. */
  async function removeRoom(actor: UserRef, room: RoomRecord): Promise<void> {
    const now = clock();
    const message = await store.transaction(async (tx) => {
      const m = await appendSystemMessage(tx, room.id, { type: 'room.deleted', by: actor }, now);
      // The append holds the room's lock: a deletion that committed first wins, this one rolls back.
      if ((await tx.rooms.findById(room.id))?.deletedAt !== null) throw roomNotFound();
      await tx.rooms.markDeleted(room.id, now);
      return m;
    });
    publish(message);
    presence.roomDeleted(room.id);
    announce(room.id, room.visibility, 'deleted');
  }

  async function getRoom(userId: string, roomId: string): Promise<Room> {
    await getReadableRoom(store, roomId, userId);
    const listing = await store.rooms.findListing(roomId, userId);
    if (!listing) throw roomNotFound(); // deleted between the two reads
    const [room] = await toRooms([listing]);
    return room!; // one listing in, one room out
  }

  return {
    getRoom,

    async listRooms(userId: string): Promise<Room[]> {
      return toRooms(await store.rooms.listVisibleTo(userId));
    },

    /** Creates the room with the caller as owner; its history starts with a `room.created` message. */
    async createRoom(actor: UserRef, body: CreateRoomBody): Promise<Room> {
      const id = randomUUID();
      const now = clock();
      const created = await store.transaction(async (tx) => {
        await tx.rooms.create({ id, name: body.name, description: body.description, visibility: body.visibility, createdBy: actor.id, createdAt: now });
        await tx.members.add(id, actor.id, 'owner', now);
        const message = await appendSystemMessage(tx, id, { type: 'room.created', by: actor }, now);
        await tx.members.advanceReadMarker(id, actor.id, message.seq);
        return message;
      });
      publish(created);
      publishMembership(bus, actor.id, id, { lastReadSeq: created.seq, unreadCount: 0, mentionCount: 0, muted: false });
      presence.memberAdded(id, actor.id);
      announce(id, body.visibility, 'created');
      return getRoom(actor.id, id);
    },

    async updateRoom(actor: UserRef, roomId: string, body: UpdateRoomBody): Promise<Room> {
      const { room, role } = await getMemberRoom(store, roomId, actor.id);
      assertNotDirect(room);
      requireRole(canManageRoom(role), 'edit it');
      const changed = {
        ...(body.name !== undefined && body.name !== room.name && { name: body.name }),
        ...(body.description !== undefined && body.description !== room.description && { description: body.description }),
      };
      if (Object.keys(changed).length > 0) {
        const message = await store.transaction(async (tx) => {
          await tx.rooms.update(roomId, changed);
          return appendSystemMessage(tx, roomId, { type: 'room.updated', by: actor, ...changed }, clock());
        });
        publish(message);
        announce(roomId, room.visibility, 'updated');
        const details = { ...(changed.name !== undefined && { oldName: room.name, name: changed.name }), descriptionChanged: changed.description !== undefined };
        await audit.record({ action: 'room.updated', actorId: actor.id, roomId, details });
      }
      return getRoom(actor.id, roomId);
    },

    /** Soft-deletes: the `room.deleted` message stays replayable for members who were offline. */
    async deleteRoom(actor: UserRef, roomId: string): Promise<void> {
      const { room, role } = await getMemberRoom(store, roomId, actor.id);
      assertNotDirect(room);
      requireRole(canDeleteRoom(role), 'delete it');
      await removeRoom(actor, room);
      await audit.record({ action: 'room.deleted', actorId: actor.id, roomId, details: { name: room.name } });
      await onRoomDeleted(roomId);
    },

    /**
     * The deletion itself, without the owner check: for an instance admin (domain/admin-rooms.ts),
     * who audits it and frees its blobs the same way.
     */
    async deleteAsInstanceAdmin(actor: UserRef, room: RoomRecord): Promise<void> {
      await removeRoom(actor, room);
      await onRoomDeleted(room.id);
    },
  };
}

export type RoomService = ReturnType<typeof createRoomService>;
