import type { Message, Room, SystemEvent, User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { buildTimelineRows } from '../features/chat/timeline-rows';
import { applyLocalChange } from './apply-update';
import { applyFrame, applyHistoryPage, applyRoomList, applyStreamMessages } from './chat-reducer';
import { initialChatState, type ChatState } from './chat-state';

const ROOM = '00000000-0000-4000-8000-000000000001';
const me: User = { id: '00000000-0000-4000-8000-0000000000aa', username: 'me', displayName: 'Me', bio: '', statusText: '', createdAt: '2025-01-01T00:00:00.000Z' };
const meRef = { id: me.id, username: me.username, displayName: me.displayName };
const bo = { id: '00000000-0000-4000-8000-0000000000bb', username: 'bo', displayName: 'Bo' };
const idOf = (seq: number) => `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;

// Cast: other parts of #9 add keys to Room that these tests do not depend on.
const room = (lastSeq: number, extra: Partial<Room> = {}) =>
  ({ id: ROOM, name: 'general', description: '', visibility: 'public', createdAt: '2025-01-01T00:00:00.000Z', lastSeq, memberCount: 2, onlineCount: 1, myRole: 'member', lastReadSeq: lastSeq, unreadCount: 0, mentionCount: 0, type: 'room', muted: false, ...extra }) as Room;

function msg(seq: number, extra: Partial<Message> = {}): Message {
  return { id: idOf(seq), roomId: ROOM, seq, kind: 'text', body: `m${seq}`, event: null, sender: bo, clientMsgId: null, createdAt: '2026-11-24T10:00:00.000Z', ...extra };
}
const update = (seq: number, event: SystemEvent, sender = bo): Message => msg(seq, { kind: 'update', body: '', event, sender });
const reacted = (seq: number, target: number, sender = bo) => update(seq, { type: 'reaction.added', messageId: idOf(target), emoji: '👍', user: sender }, sender);
const edited = (seq: number, target: number, body: string) =>
  update(seq, { type: 'message.edited', messageId: idOf(target), body, editedAt: '2026-11-24T10:05:00.000Z', by: bo });
const created = (m: Message) => ({ type: 'message.created' as const, message: m });
const r = (s: ChatState) => s.rooms[ROOM]!;

/** A member of the room holding messages 1-3, read up to 3, not looking at the room. */
function holding(): ChatState {
  const s = applyRoomList({ ...initialChatState(me, []), attentive: false }, [room(3)]);
  return applyHistoryPage(s, ROOM, [msg(3), msg(2), msg(1)], false);
}

describe('message changes in the chat model', () => {
  it('applies a live edit to the message it names and never shows the update as a row', () => {
    const s = applyFrame(holding(), created(edited(4, 2, 'better')), 0);
    expect(r(s).messages.find((m) => m.seq === 2)).toMatchObject({ body: 'better', editedAt: '2026-11-24T10:05:00.000Z' });
    const rows = buildTimelineRows(r(s).messages, { readSeq: undefined, meId: me.id });
    expect(rows.filter((row) => row.kind === 'message').map((row) => (row.kind === 'message' ? row.message.seq : 0))).toEqual([1, 2, 3]);
    expect(r(s).streamSeq).toBe(4);
  });

  it('never counts an update as unread, and an own reaction does not mark newer messages read', () => {
    let s = applyFrame(holding(), created(msg(4)), 0);
    s = applyFrame(s, created(reacted(5, 1)), 0);
    expect(r(s).unread).toBe(1);
    s = applyFrame(s, created(reacted(6, 1, meRef)), 0);
    expect(r(s).unread).toBe(1);
    expect(r(s).room.lastReadSeq).toBe(3);
  });

  it('applies a replayed change only once when the resync page repeats it', () => {
    let s = applyStreamMessages(holding(), ROOM, [reacted(4, 1)]);
    s = applyStreamMessages(s, ROOM, [reacted(4, 1), reacted(5, 1, meRef)]);
    expect(r(s).messages[0]!.reactions).toEqual([{ emoji: '👍', count: 2, users: [{ id: bo.id, displayName: 'Bo' }, { id: me.id, displayName: 'Me' }] }]);
  });

  it('ignores a change to a message the client does not hold', () => {
    const before = holding();
    const s = applyFrame(before, created(edited(4, 99, 'x')), 0);
    expect(r(s).messages.slice(0, 3)).toEqual(r(before).messages);
  });

  it('gives an older page the changes that arrived while it was on its way', () => {
    // Holding 3..5 from the stream; the reaction to message 1 came before message 1 was held.
    let s = applyRoomList({ ...initialChatState(me, []), attentive: false }, [room(2)]);
    s = applyStreamMessages(s, ROOM, [msg(3), reacted(4, 1), edited(5, 1, 'edited')]);
    s = applyHistoryPage(s, ROOM, [msg(2), msg(1)], false);
    expect(r(s).messages[0]).toMatchObject({ body: 'edited', reactions: [{ emoji: '👍', count: 1 }] });
  });

  it('marks a message pinned from the pin system line', () => {
    const pin = msg(4, { kind: 'system', body: '', sender: null, event: { type: 'message.pinned', messageId: idOf(2), by: bo } });
    const s = applyFrame(holding(), created(pin), 0);
    expect(r(s).messages[1]!.pinned).toBe(true);
  });

  it('applies a local change at once, and its event afterwards changes nothing more', () => {
    const event = { type: 'reaction.added' as const, messageId: idOf(1), emoji: '🎉', user: meRef };
    const local = applyLocalChange(holding(), ROOM, event);
    expect(r(local).messages[0]!.reactions).toHaveLength(1);
    const confirmed = applyFrame(local, created(update(4, event, meRef)), 0);
    expect(r(confirmed).messages[0]).toBe(r(local).messages[0]);
  });
});
