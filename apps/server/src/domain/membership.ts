import { randomBytes, randomUUID } from 'node:crypto';
import type { Invite, Member, Message, RoomRole, UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import { sha256Hex } from '../lib/sha256.js';
import type { MemberRecord, Store } from '../storage/types.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { assertNotDirect, notAllowedInDirect } from './direct-rules.js';
import { DomainError, roomNotFound } from './errors.js';
import { appendSystemMessage } from './messages.js';
import { canKick, canLeave, canManageRoom, canSetRole } from './permissions.js';
import type { PresenceService } from './presence.js';
import { publishMembership } from './read-state.js';
import { getMemberRoom, getReadableRoom, requireRole } from './room-access.js';

const ROLE_RANK: Record<RoomRole, number> = { owner: 0, admin: 1, member: 2 };
// A fixed locale, so every instance lists members in the same order; ids break ties between equal names.
const names = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Member list order: online first, then owner, admins, members, then by display name. */
export function byPresenceRoleName(a: Member, b: Member): number {
  return (
    Number(b.online) - Number(a.online) ||
    ROLE_RANK[a.role] - ROLE_RANK[b.role] ||
    names.compare(a.user.displayName, b.user.displayName) ||
    (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0)
  );
}

function toMember(m: MemberRecord, online: boolean): Member {
  return { user: m.user, role: m.role, joinedAt: new Date(m.joinedAt).toISOString(), online, statusText: m.statusText };
}

export interface MembershipDeps {
  store: Store;
  bus: Bus;
  presence: PresenceService;
  clock: Clock;
  audit: AuditLog;
}


export function createMembershipService({ store, bus, presence, clock, audit }: MembershipDeps) {
  const publish = (m: Message) => bus.publish(m.roomId, { kind: 'message', message: m });

  async function getTarget(roomId: string, userId: string) {
    const role = await store.members.findRole(roomId, userId);
    const user = await store.users.findById(userId);
    if (!role || !user) throw new DomainError('member_not_found', 'That user is not a member of this room');
    return { role, ref: { id: user.id, username: user.username, displayName: user.displayName } };
  }

  return {
    /**
     * Joins a public room, or a private one with a valid invite code. Joining twice is a no-op. A banned
     * user is refused even with a valid invite: `banned_from_room` for a public room, and for a private
     * one the unknown-room answer, so a ban never confirms that a private room exists.
     */
    async join(actor: UserRef, roomId: string, inviteCode: string | undefined): Promise<void> {
      const room = await store.rooms.findById(roomId);
      if (!room || room.deletedAt !== null) throw roomNotFound();
      const role = await store.members.findRole(roomId, actor.id);
      // Nobody joins a conversation: its people are named when it starts. To anyone else it does not exist.
      if (room.kind === 'direct') throw role ? notAllowedInDirect() : roomNotFound();
      if (role) return;
      const banned = () => (room.visibility === 'private' ? roomNotFound() : new DomainError('banned_from_room', 'You are banned from this room'));
      if (await store.bans.isBanned(roomId, actor.id)) throw banned();
      if (room.visibility === 'private') {
        // A wrong code must not confirm that the room exists.
        if (!inviteCode || !(await store.invites.isValid(roomId, sha256Hex(inviteCode), clock()))) throw roomNotFound();
      }
      const now = clock();
      const message = await store.transaction(async (tx) => {
        if (!(await tx.members.add(roomId, actor.id, 'member', now))) return undefined;
        const joined = await appendSystemMessage(tx, roomId, { type: 'member.joined', user: actor }, now);
        // The append holds the room's lock, which a ban takes too: a ban that committed meanwhile shows here.
        if (await tx.bans.isBanned(roomId, actor.id)) throw banned();
        // History before the join is not "unread" for a newcomer; the room lock makes this the last seq.
        await tx.members.advanceReadMarker(roomId, actor.id, joined.seq);
        return joined;
      });
      if (!message) return;
      publish(message);
      publishMembership(bus, actor.id, roomId, { lastReadSeq: message.seq, unreadCount: 0, mentionCount: 0, muted: false });
      presence.memberAdded(roomId, actor.id);
    },

    async leave(actor: UserRef, roomId: string): Promise<void> {
      const { room, role } = await getMemberRoom(store, roomId, actor.id);
      if (!canLeave(role)) {
        throw new DomainError('owner_cannot_leave', 'The owner cannot leave: transfer ownership to another member first, or delete the room');
      }
      // A conversation someone left is no longer the one its original people would start again.
      const retire = room.kind === 'direct' ? (tx: Store) => tx.directRooms.retireKey(roomId) : undefined;
      await removeMember(roomId, actor.id, { type: 'member.left', user: actor }, retire);
    },

    async kick(actor: UserRef, roomId: string, userId: string): Promise<void> {
      const { room, role } = await getMemberRoom(store, roomId, actor.id);
      assertNotDirect(room);
      requireRole(canManageRoom(role), 'remove members');
      const target = await getTarget(roomId, userId);
      if (target.role === 'owner') throw new DomainError('cannot_modify_owner', 'The owner cannot be removed');
      requireRole(canKick(role, target.role), 'remove this member');
      if (await removeMember(roomId, userId, { type: 'member.kicked', user: target.ref, by: actor })) {
        await audit.record({ action: 'room.member_kicked', actorId: actor.id, roomId, targetUserId: userId, details: { role: target.role } });
      }
    },

    async setRole(actor: UserRef, roomId: string, userId: string, newRole: 'admin' | 'member'): Promise<Member> {
      const { room, role } = await getMemberRoom(store, roomId, actor.id);
      assertNotDirect(room);
      const target = await getTarget(roomId, userId);
      if (target.role === 'owner') throw new DomainError('cannot_modify_owner', "The owner's role cannot be changed");
      requireRole(canSetRole(role, target.role), 'change roles');
      if (target.role !== newRole) {
        const message = await store.transaction(async (tx) => {
          await tx.members.setRole(roomId, userId, newRole);
          return appendSystemMessage(tx, roomId, { type: 'member.role-changed', user: target.ref, by: actor, role: newRole }, clock());
        });
        publish(message);
        const details = { from: target.role, to: newRole };
        await audit.record({ action: 'room.role_changed', actorId: actor.id, roomId, targetUserId: userId, details });
      }
      const member = (await store.members.list(roomId)).find((m) => m.user.id === userId);
      if (!member) throw new DomainError('member_not_found', 'That user is not a member of this room');
      return toMember(member, presence.isOnline(userId));
    },

    async listMembers(userId: string, roomId: string): Promise<Member[]> {
      await getReadableRoom(store, roomId, userId);
      const members = await store.members.list(roomId);
      return members.map((m) => toMember(m, presence.isOnline(m.user.id))).sort(byPresenceRoleName);
    },

    /** A fresh invite code; only its hash is stored, so it is shown exactly once. */
    async createInvite(actor: UserRef, roomId: string, expiresInHours: number): Promise<Invite> {
      const { room, role } = await getMemberRoom(store, roomId, actor.id);
      assertNotDirect(room);
      requireRole(canManageRoom(role), 'create invites');
      const code = randomBytes(18).toString('base64url');
      const now = clock();
      const expiresAt = now + expiresInHours * 3_600_000;
      const id = randomUUID();
      await store.invites.create({ id, codeHash: sha256Hex(code), roomId, createdBy: actor.id, createdAt: now, expiresAt });
      await audit.record({ action: 'invite.created', actorId: actor.id, roomId, details: { expiresAt: new Date(expiresAt).toISOString() } });
      return { id, roomId, code, expiresAt: new Date(expiresAt).toISOString() };
    },
  };

  /** False when the user was no longer a member (someone removed them first). */
  async function removeMember(
    roomId: string,
    userId: string,
    event: Parameters<typeof appendSystemMessage>[2],
    alsoInTransaction?: (tx: Store) => Promise<void>,
  ): Promise<boolean> {
    const now = clock();
    const message = await store.transaction(async (tx) => {
      if (!(await tx.members.remove(roomId, userId))) return undefined;
      await alsoInTransaction?.(tx);
      return appendSystemMessage(tx, roomId, event, now);
    });
    if (!message) return false;
    publish(message);
    presence.memberRemoved(roomId, userId);
    return true;
  }
}

export type MembershipService = ReturnType<typeof createMembershipService>;
