import type { Member, Room, User } from '@parley/protocol';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/locales/en';
import { zhCN } from '../i18n/locales/zh-CN';
import { systemText } from '../features/chat/system-text';
import { applyFrame, applyRoomList } from './chat-reducer';
import { initialChatState, newRoomState, updateRoom } from './chat-state';
import { applySystemEvent } from './system-events';

const ROOM = '00000000-0000-4000-8000-000000000001';
const me: User = { id: '00000000-0000-4000-8000-0000000000aa', username: 'me', displayName: 'Me', bio: '', statusText: '', createdAt: '2025-01-01T00:00:00.000Z' };
const meRef = { id: me.id, username: me.username, displayName: me.displayName };
const bo = { id: '00000000-0000-4000-8000-0000000000bb', username: 'bo', displayName: 'Bo' };
const cy = { id: '00000000-0000-4000-8000-0000000000cc', username: 'cy', displayName: 'Cy' };
const room = (extra: Partial<Room> = {}): Room => ({
  id: ROOM, name: 'general', description: '', visibility: 'public', createdAt: '2025-01-01T00:00:00.000Z', lastSeq: 5,
  memberCount: 3, onlineCount: 2, myRole: 'owner', lastReadSeq: 5, unreadCount: 0, mentionCount: 0, type: 'room', muted: false, ...extra,
});
const member = (user: typeof bo, role: Member['role']): Member => ({ user, role, joinedAt: '2025-01-01T00:00:00.000Z', online: true, statusText: '' });
const withMembers = (myRole: Room['myRole']) => ({
  ...newRoomState(room({ myRole })),
  members: [member(meRef, myRole ?? 'member'), member(bo, 'admin'), member(cy, 'member')],
  onlineUserIds: [me.id, bo.id],
});

describe('moderation system events in the room model', () => {
  it('drops a banned member from the list, the counts and the online set', () => {
    const r = applySystemEvent(withMembers('owner'), { type: 'member.banned', user: bo, by: meRef }, me.id, '2025-01-02T00:00:00.000Z');
    expect(r.members?.map((m) => m.user.id)).toEqual([me.id, cy.id]);
    expect(r.room.memberCount).toBe(2);
    expect(r.onlineUserIds).toEqual([me.id]);
    expect(r.room.myRole).toBe('owner');
  });

  it('makes the new owner the owner and the old one an admin, the caller included', () => {
    const r = applySystemEvent(withMembers('owner'), { type: 'room.owner-transferred', from: meRef, to: cy }, me.id, '2025-01-02T00:00:00.000Z');
    expect(r.members?.map((m) => [m.user.username, m.role])).toEqual([['me', 'admin'], ['bo', 'admin'], ['cy', 'owner']]);
    expect(r.room.myRole).toBe('admin');
    const seenByCy = applySystemEvent(withMembers('member'), { type: 'room.owner-transferred', from: bo, to: meRef }, me.id, '2025-01-02T00:00:00.000Z');
    expect(seenByCy.room.myRole).toBe('owner');
  });

  it('tells a banned user with a notice, and drops a private room from their list', () => {
    let s = applyRoomList(initialChatState(me, []), [room({ visibility: 'private', myRole: 'member' })]);
    s = updateRoom(s, ROOM, (x) => ({ ...x, subscribed: true }));
    s = applyFrame(s, { type: 'room.unsubscribed', roomId: ROOM, reason: 'banned' }, 0);
    expect(s.rooms[ROOM]).toBeUndefined();
    expect(s.notices.map((n) => [n.key, n.values])).toEqual([['notice.banned', { name: 'general' }]]);
  });
});

describe('moderation system texts', () => {
  it.each([
    ['en', en, 'Bo was banned by Me', 'Me made Cy the owner'],
    ['zh-CN', zhCN, 'Bo 被 Me 封禁', 'Me 将所有者转让给了 Cy'],
  ] as const)('renders bans and transfers in %s', async (lng, resources, banned, transferred) => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng, resources: { [lng]: { translation: resources } }, interpolation: { escapeValue: false } });
    expect(systemText(i18n.t, { type: 'member.banned', user: bo, by: meRef })).toBe(banned);
    expect(systemText(i18n.t, { type: 'room.owner-transferred', from: meRef, to: cy })).toBe(transferred);
  });
});
