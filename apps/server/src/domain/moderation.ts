import type { Ban, InviteSummary, Message, UserRef } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { BanRecord, Store } from '../storage/types.js';
import { toUserRef } from '../storage/user-ref.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { assertNotDirect } from './direct-rules.js';
import { DomainError } from './errors.js';
import { appendSystemMessage } from './messages.js';
import { canBan, canModerate, canTransferOwnership } from './permissions.js';
import type { PresenceService } from './presence.js';
import { getMemberRoom, requireRole } from './room-access.js';

export interface ModerationDeps {
  store: Store;
  bus: Bus;
  presence: PresenceService;
  clock: Clock;
  audit: AuditLog;
}

function toBan(b: BanRecord): Ban {
  return { user: b.user, by: b.by, at: new Date(b.at).toISOString(), reason: b.reason };
}

const ownerUntouchable = () => new DomainError('cannot_modify_owner', 'The owner cannot be banned');

/**
 * Bans, invites and ownership: each use case is one function, the single place a change happens
 * (and so the one place its audit entry is recorded).
 */
export function createModerationService({ store, bus, presence, clock, audit }: ModerationDeps) {
  const publish = (m: Message) => bus.publish(m.roomId, { kind: 'message', message: m });

  /** The caller's role, if it lets them moderate (owner or admin). */
  async function moderatorRole(actorId: string, roomId: string, action: string) {
    const { room, role } = await getMemberRoom(store, roomId, actorId);
    assertNotDirect(room);
    requireRole(canModerate(role), action);
    return role;
  }

  return {
    /**
     * Bans a member (removing them with `member.banned` in the same transaction, which ends their
     * stream) or a non-member (no message: nothing about the room changes). Banning twice keeps the
     * first ban. The owner is never banned; an admin bans plain members and non-members only.
     */
    async ban(actor: UserRef, roomId: string, userId: string, reason: string | undefined): Promise<Ban> {
      const role = await moderatorRole(actor.id, roomId, 'ban people');
      const user = await store.users.findById(userId);
      if (!user) throw new DomainError('user_not_found', 'No such user');
      const targetRole = (await store.members.findRole(roomId, userId)) ?? null;
      if (targetRole === 'owner') throw ownerUntouchable();
      requireRole(canBan(role, targetRole), 'ban this member');
      const ref = toUserRef(user);
      const now = clock();
      const outcome = await store.transaction(async (tx) => {
        // add() holds the room's lock from here on, so the role read next is the one that counts.
        if (!(await tx.bans.add({ roomId, userId, bannedBy: actor.id, reason: reason || null, at: now }))) return undefined;
        const current = (await tx.members.findRole(roomId, userId)) ?? null;
        if (current === 'owner') throw ownerUntouchable();
        requireRole(canBan(role, current), 'ban this member');
        if (!current || !(await tx.members.remove(roomId, userId))) return { role: null, message: undefined };
        return { role: current, message: await appendSystemMessage(tx, roomId, { type: 'member.banned', user: ref, by: actor }, now) };
      });
      if (outcome?.message) {
        publish(outcome.message);
        presence.memberRemoved(roomId, userId);
      }
      if (outcome) {
        const details = { role: outcome.role ?? 'not a member', reason: reason || null };
        await audit.record({ action: 'room.member_banned', actorId: actor.id, roomId, targetUserId: userId, details });
      }
      const ban = await store.bans.find(roomId, userId);
      // Lifted by another moderator between our commit and this read.
      if (!ban) throw new DomainError('ban_not_found', 'That user is not banned from this room');
      return toBan(ban);
    },

    /** Lifts a ban. The user is not put back: they may join again like anyone else. */
    async unban(actor: UserRef, roomId: string, userId: string): Promise<void> {
      await moderatorRole(actor.id, roomId, 'lift bans');
      if (!(await store.bans.remove(roomId, userId))) {
        throw new DomainError('ban_not_found', 'That user is not banned from this room');
      }
      await audit.record({ action: 'room.member_unbanned', actorId: actor.id, roomId, targetUserId: userId });
    },

    async listBans(actorId: string, roomId: string): Promise<Ban[]> {
      await moderatorRole(actorId, roomId, 'see bans');
      return (await store.bans.list(roomId)).map(toBan);
    },

    /** Invites that still work: not expired, not revoked. Codes are never listed (only hashes are kept). */
    async listInvites(actorId: string, roomId: string): Promise<InviteSummary[]> {
      await moderatorRole(actorId, roomId, 'see invites');
      const invites = await store.invites.listLive(roomId, clock());
      return invites.map((i) => ({
        id: i.id,
        createdBy: i.createdBy,
        createdAt: new Date(i.createdAt).toISOString(),
        expiresAt: new Date(i.expiresAt).toISOString(),
      }));
    },

    /** Deletes an invite of this room; an id from another room is answered as unknown. */
    async revokeInvite(actor: UserRef, roomId: string, inviteId: string): Promise<void> {
      await moderatorRole(actor.id, roomId, 'revoke invites');
      if (!(await store.invites.remove(roomId, inviteId))) {
        throw new DomainError('invite_not_found', 'This room has no such invite');
      }
      await audit.record({ action: 'invite.revoked', actorId: actor.id, roomId, details: { inviteId } });
    },

    /**
     * Hands the room to a current member: they become the owner and the caller an admin, with
     * `room.owner-transferred` in the same transaction.
     */
    async transferOwnership(actor: UserRef, roomId: string, userId: string): Promise<void> {
      const { room, role } = await getMemberRoom(store, roomId, actor.id);
      assertNotDirect(room);
      requireRole(canTransferOwnership(role), 'transfer ownership');
      if (userId === actor.id) throw new DomainError('invalid_request', 'You already own this room');
      const user = await store.users.findById(userId);
      const notMember = () => new DomainError('member_not_found', 'That user is not a member of this room');
      if (!user) throw notMember();
      const message = await store.transaction(async (tx) => {
        // Appending first takes the room's lock: two transfers (or a transfer and a kick) run one after
        // the other and each checks the roles as the previous one left them. A refusal rolls the seq back.
        const transferred = await appendSystemMessage(tx, roomId, { type: 'room.owner-transferred', from: actor, to: toUserRef(user) }, clock());
        requireRole((await tx.members.findRole(roomId, actor.id)) === 'owner', 'transfer ownership');
        if (!(await tx.members.findRole(roomId, userId))) throw notMember();
        await tx.members.setRole(roomId, userId, 'owner');
        await tx.members.setRole(roomId, actor.id, 'admin');
        return transferred;
      });
      publish(message);
      await audit.record({ action: 'room.owner_transferred', actorId: actor.id, roomId, targetUserId: userId });
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
