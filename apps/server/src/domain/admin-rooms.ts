import type { AdminRoom, AdminRoomsPage, AdminRoomsQuery, Message, UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { AdminRoomRow, RoomCursor } from '../storage/admin-types.js';
import type { RoomRecord, Store } from '../storage/types.js';
import { toUserRef } from '../storage/user-ref.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { assertNotDirect } from './direct-rules.js';
import { DomainError, roomNotFound } from './errors.js';
import { appendSystemMessage } from './messages.js';
import type { RoomService } from './rooms.js';

export interface AdminRoomDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  audit: AuditLog;
  rooms: RoomService;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Metadata and counts only: nothing here reads a message body, so a private room's stay unseen. */
function toAdminRoom(r: AdminRoomRow): AdminRoom {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    visibility: r.visibility,
    type: r.kind,
    owner: r.owner,
    memberCount: r.memberCount,
    // Seqs have no gaps, so the newest seq counts every entry of the history (system entries included).
    messageCount: r.lastSeq,
    lastMessageAt: r.lastMessageAt === null ? null : iso(r.lastMessageAt),
    createdAt: iso(r.createdAt),
  };
}

/** `<activity ms>.<id>`: opaque to clients, and only ever parsed back here. */
function encodeCursor(r: AdminRoomRow): string {
  return `${r.lastMessageAt ?? r.createdAt}.${r.id}`;
}

function decodeCursor(cursor: string | undefined): RoomCursor | undefined {
  if (cursor === undefined) return undefined;
  const match = /^(\d{1,15})\.([\w-]{1,64})$/.exec(cursor);
  if (!match) throw new DomainError('invalid_request', 'cursor must be the nextCursor of a previous page');
  return { activityAt: Number(match[1]), id: match[2]! }; // the regex has two capture groups
}

/**
 * Instance administration of rooms: list, delete and transfer any room, whoever the admin is in it.
 * Direct conversations are listed (type 'direct' or 'all') but never deleted or transferred.
 */
export function createAdminRoomService({ store, bus, clock, audit, rooms }: AdminRoomDeps) {
  const publish = (m: Message) => bus.publish(m.roomId, { kind: 'message', message: m });

  /** A live room an admin may change: any room but a direct conversation. */
  async function getManageableRoom(roomId: string): Promise<RoomRecord> {
    const room = await store.rooms.findById(roomId);
    if (!room || room.deletedAt !== null) throw roomNotFound();
    assertNotDirect(room);
    return room;
  }

  async function getAdminRoom(roomId: string): Promise<AdminRoom> {
    const row = await store.adminRooms.find(roomId);
    if (!row) throw roomNotFound();
    return toAdminRoom(row);
  }

  return {
    /** Most recently active first; `q` matches the name anywhere. */
    async list(query: AdminRoomsQuery): Promise<AdminRoomsPage> {
      const search = query.q?.trim() || undefined;
      const rows = await store.adminRooms.list({ search, type: query.type, after: decodeCursor(query.cursor), limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { rooms: page.map(toAdminRoom), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
    },

    /** As if its owner deleted it: `room.deleted` by the admin, every member's stream ends, its uploads are freed. */
    async deleteRoom(actor: UserRef, roomId: string): Promise<void> {
      const room = await getManageableRoom(roomId);
      await rooms.deleteAsInstanceAdmin(actor, room);
      await audit.record({ action: 'admin.room_deleted', actorId: actor.id, roomId, details: { name: room.name, visibility: room.visibility } });
    },

    /** Makes a current member the owner; the previous owner stays on as admin (`room.owner-transferred`). */
    async transfer(actor: UserRef, roomId: string, userId: string): Promise<AdminRoom> {
      await getManageableRoom(roomId);
      const target = await store.users.findById(userId);
      const notMember = () => new DomainError('member_not_found', 'That user is not a member of this room');
      if (!target) throw notMember();
      const previous = (await store.adminRooms.find(roomId))?.owner ?? null;
      if (previous?.id === userId) throw new DomainError('invalid_request', 'That user already owns this room');
      const message = await store.transaction(async (tx) => {
        // Appending first takes the room's lock, so the roles read next are current; a refusal rolls the seq back.
        const m = await appendSystemMessage(tx, roomId, { type: 'room.owner-transferred', from: previous ?? actor, to: toUserRef(target) }, clock());
        if ((await tx.rooms.findById(roomId))?.deletedAt !== null) throw roomNotFound();
        const role = await tx.members.findRole(roomId, userId);
        if (!role) throw notMember();
        if (role === 'owner') throw new DomainError('invalid_request', 'That user already owns this room');
        if (previous && (await tx.members.findRole(roomId, previous.id)) !== 'owner') {
          throw new DomainError('invalid_request', 'The room changed owner meanwhile; reload and try again');
        }
        await tx.members.setRole(roomId, userId, 'owner');
        if (previous) await tx.members.setRole(roomId, previous.id, 'admin');
        return m;
      });
      publish(message);
      await audit.record({ action: 'admin.room_transferred', actorId: actor.id, roomId, targetUserId: userId, details: { previousOwnerId: previous?.id ?? null } });
      return getAdminRoom(roomId);
    },
  };
}

export type AdminRoomService = ReturnType<typeof createAdminRoomService>;
