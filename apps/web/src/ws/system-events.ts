import type { Member, RoomRole, SystemEvent } from '@parley/protocol';
import type { RoomState } from './chat-state';

/**
 * What a live system message changes in the room model besides the timeline: counts, the member list,
 * the caller's role, the room's name. Only messages newer than the room list snapshot reach here, so
 * nothing is counted twice.
 */
export function applySystemEvent(r: RoomState, event: SystemEvent, meId: string, at: string): RoomState {
  switch (event.type) {
    case 'member.joined': {
      const member: Member = { user: event.user, role: 'member', joinedAt: at, online: r.onlineUserIds.includes(event.user.id), statusText: '' };
      const known = r.members?.some((m) => m.user.id === event.user.id) ?? false;
      return {
        ...r,
        room: { ...r.room, memberCount: r.room.memberCount + (known ? 0 : 1) },
        members: r.members && !known ? [...r.members, member] : r.members,
      };
    }
    case 'member.left':
    case 'member.kicked':
    case 'member.banned': {
      const userId = event.user.id;
      return {
        ...r,
        room: {
          ...r.room,
          memberCount: Math.max(0, r.room.memberCount - 1),
          myRole: userId === meId ? null : r.room.myRole,
        },
        members: r.members?.filter((m) => m.user.id !== userId),
        onlineUserIds: r.onlineUserIds.filter((id) => id !== userId),
      };
    }
    case 'member.role-changed':
      return {
        ...r,
        room: { ...r.room, myRole: event.user.id === meId ? event.role : r.room.myRole },
        members: r.members?.map((m) => (m.user.id === event.user.id ? { ...m, role: event.role } : m)),
      };
    case 'room.owner-transferred': {
      const roleOf = (id: string, role: RoomRole | null) => (id === event.to.id ? 'owner' : id === event.from.id ? 'admin' : role);
      return {
        ...r,
        room: { ...r.room, myRole: roleOf(meId, r.room.myRole) },
        members: r.members?.map((m) => ({ ...m, role: roleOf(m.user.id, m.role) ?? m.role })),
      };
    }
    case 'room.updated':
      return {
        ...r,
        room: { ...r.room, name: event.name ?? r.room.name, description: event.description ?? r.room.description },
      };
    case 'room.created':
    case 'room.deleted':
    case 'message.pinned':
    case 'message.unpinned':
    case 'message.edited':
    case 'message.deleted':
    case 'reaction.added':
    case 'reaction.removed':
      return r;
  }
}
