import type { Message, Room, User } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { applyHistoryPage, applyRoomList, applyStreamMessages } from './chat-reducer';
import { initialChatState, type ChatState } from './chat-state';
import { applyJumpWindow, applyNewerPage, focusMessage, newerCursor, runAround, showLatest, timelineView } from './timeline-jump';

const ROOM = '00000000-0000-4000-8000-000000000001';
const me: User = { id: '00000000-0000-4000-8000-0000000000aa', username: 'me', displayName: 'Me', bio: '', statusText: '', createdAt: '2025-01-01T00:00:00.000Z' };
const other = { id: '00000000-0000-4000-8000-0000000000bb', username: 'bo', displayName: 'Bo' };

// Cast: the fixture names only the fields these rules read, so new Room fields do not break it.
const room = (lastSeq: number): Room => ({
  id: ROOM,
  name: 'general',
  description: '',
  visibility: 'public',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastSeq,
  memberCount: 2,
  onlineCount: 1,
  myRole: 'member',
  lastReadSeq: lastSeq,
  unreadCount: 0,
  muted: false,
}) as Room;

function msg(seq: number): Message {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    roomId: ROOM,
    seq,
    kind: 'text',
    body: `m${seq}`,
    event: null,
    sender: other,
    clientMsgId: null,
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));
const newestFirst = (from: number, to: number) => range(from, to).reverse();
const seqs = (ms: readonly Message[]) => ms.map((m) => m.seq);
const roomOf = (s: ChatState) => s.rooms[ROOM]!;

/** A room at `lastSeq` whose newest page (`from`..`lastSeq`) is held, as after opening it. */
function opened(lastSeq: number, from: number): ChatState {
  const s = applyRoomList(initialChatState(me, []), [room(lastSeq)]);
  return applyHistoryPage(s, ROOM, newestFirst(from, lastSeq), from > 1);
}

describe('runAround', () => {
  it('finds the run of consecutive seqs around a seq', () => {
    const held = [...range(3, 5), ...range(9, 12)];
    expect(runAround(held, 4, 12)).toEqual({ start: 0, end: 2 });
    expect(runAround(held, 10, 12)).toEqual({ start: 3, end: 6 });
  });

  it('does not break a run at seqs above the stream position, which are still on their way', () => {
    const held = [...range(1, 5), msg(7)];
    expect(runAround(held, 7, 5)).toEqual({ start: 0, end: 5 });
  });
});

describe('jumping to a message that is not held', () => {
  it('shows the window around the target detached from the live end', () => {
    const s = applyJumpWindow(opened(500, 451), ROOM, 100, newestFirst(76, 125));
    const r = roomOf(s);
    const view = timelineView(r);
    expect(view.detached).toBe(true);
    expect(seqs(view.messages)).toEqual(seqs(range(76, 125)));
    expect(view.hasOlder).toBe(true);
    expect(view.hasNewer).toBe(true);
    expect(r.jumpTo?.seq).toBe(100);
    expect(newerCursor(r)).toBe(125);
  });

  it('keeps live messages arriving at the live end while a window is shown, without duplicates', () => {
    let s = applyJumpWindow(opened(500, 451), ROOM, 100, newestFirst(76, 125));
    s = applyStreamMessages(s, ROOM, [msg(501)]);
    s = applyStreamMessages(s, ROOM, [msg(501), msg(502)]);
    const r = roomOf(s);
    expect(r.streamSeq).toBe(502);
    expect(seqs(timelineView(r).messages)).toEqual(seqs(range(76, 125)));
    expect(seqs(r.messages)).toEqual([...seqs(range(76, 125)), ...seqs(range(451, 502))]);
  });

  it('becomes the live view once newer pages reach the live end, in order and without duplicates', () => {
    let s = applyJumpWindow(opened(220, 171), ROOM, 100, newestFirst(76, 125));
    s = applyNewerPage(s, ROOM, 125, range(126, 175));
    expect(timelineView(roomOf(s)).detached).toBe(false);
    const r = roomOf(s);
    expect(r.detachedSeq).toBeUndefined();
    expect(seqs(r.messages)).toEqual(seqs(range(76, 220)));
    expect(timelineView(r).hasOlder).toBe(true);
  });

  it('is live at once when the window already reaches the live end', () => {
    const s = applyJumpWindow(opened(500, 451), ROOM, 440, newestFirst(415, 464));
    const r = roomOf(s);
    expect(r.detachedSeq).toBeUndefined();
    expect(seqs(timelineView(r).messages)).toEqual(seqs(range(415, 500)));
  });

  it('stays detached in a room whose live end was never loaded until a page reaches the stream position', () => {
    let s = applyRoomList(initialChatState(me, []), [room(300)]);
    s = applyJumpWindow(s, ROOM, 100, newestFirst(76, 125));
    expect(timelineView(roomOf(s)).detached).toBe(true);
    s = applyNewerPage(s, ROOM, 125, range(126, 225));
    expect(timelineView(roomOf(s)).detached).toBe(true);
    s = applyNewerPage(s, ROOM, 225, range(226, 300));
    expect(timelineView(roomOf(s)).detached).toBe(false);
    expect(seqs(roomOf(s).messages)).toEqual(seqs(range(76, 300)));
  });

  it('drops a newer page that no longer follows the detached run', () => {
    let s = applyJumpWindow(opened(500, 451), ROOM, 100, newestFirst(76, 125));
    s = showLatest(s, ROOM);
    s = applyNewerPage(s, ROOM, 125, range(126, 175));
    expect(seqs(roomOf(s).messages)).toEqual(seqs(range(451, 500)));
  });

  it('lets go of an earlier window when jumping to another place', () => {
    let s = applyJumpWindow(opened(500, 451), ROOM, 100, newestFirst(76, 125));
    s = applyJumpWindow(s, ROOM, 300, newestFirst(276, 325));
    const r = roomOf(s);
    expect(seqs(r.messages)).toEqual([...seqs(range(276, 325)), ...seqs(range(451, 500))]);
    expect(seqs(timelineView(r).messages)).toEqual(seqs(range(276, 325)));
  });
});

/** Seq `seq` edits message `target` to `body`, as the stream delivers an edit. */
function edit(seq: number, target: number, body: string): Message {
  return {
    ...msg(seq),
    kind: 'update',
    body: '',
    event: { type: 'message.edited', messageId: msg(target).id, body, editedAt: '2025-01-02T00:00:00.000Z', by: other },
  };
}
const bodyOf = (s: ChatState, seq: number) => roomOf(s).messages.find((m) => m.seq === seq)?.body;

describe('edits around a jump', () => {
  it('applies an edit that arrived live while the window was on its way', () => {
    let s = applyStreamMessages(opened(500, 451), ROOM, [edit(501, 100, 'fixed')]);
    s = applyJumpWindow(s, ROOM, 100, newestFirst(76, 125));
    expect(bodyOf(s, 100)).toBe('fixed');
  });

  it('applies later edits to messages in the window', () => {
    let s = applyJumpWindow(opened(500, 451), ROOM, 100, newestFirst(76, 125));
    s = applyStreamMessages(s, ROOM, [edit(501, 100, 'fixed')]);
    expect(bodyOf(s, 100)).toBe('fixed');
  });

  it('does not replay a window\'s own older edit onto a fresher page', () => {
    let s = applyRoomList(initialChatState(me, []), [room(300)]);
    // Seq 110 edited message 60 to "v1"; a later edit (not held) made it "v2", which the page shows.
    const window = newestFirst(76, 125).map((m) => (m.seq === 110 ? edit(110, 60, 'v1') : m));
    s = applyJumpWindow(s, ROOM, 100, window);
    s = applyHistoryPage(s, ROOM, newestFirst(26, 75).map((m) => (m.seq === 60 ? { ...m, body: 'v2' } : m)), true);
    expect(bodyOf(s, 60)).toBe('v2');
  });
});

describe('jumping to a held message', () => {
  it('asks for a scroll to it in the live view', () => {
    const s = focusMessage(opened(500, 451), ROOM, 470);
    expect(roomOf(s).jumpTo?.seq).toBe(470);
    expect(timelineView(roomOf(s)).detached).toBe(false);
  });

  it('gives each request its own id, so the same message can be jumped to twice', () => {
    const once = focusMessage(opened(500, 451), ROOM, 470);
    const twice = focusMessage(once, ROOM, 470);
    expect(roomOf(twice).jumpTo!.id).not.toBe(roomOf(once).jumpTo!.id);
  });

  it('returns to the live view, dropping the detached run, when the target is at the live end', () => {
    let s = applyJumpWindow(opened(500, 451), ROOM, 100, newestFirst(76, 125));
    s = focusMessage(s, ROOM, 480);
    expect(timelineView(roomOf(s)).detached).toBe(false);
    expect(seqs(roomOf(s).messages)).toEqual(seqs(range(451, 500)));
  });
});

describe('Jump to latest from a window', () => {
  it('keeps only the live end, which can page older again', () => {
    let s = applyJumpWindow(opened(500, 451), ROOM, 100, newestFirst(76, 125));
    s = showLatest(s, ROOM);
    const r = roomOf(s);
    expect(r.detachedSeq).toBeUndefined();
    expect(seqs(r.messages)).toEqual(seqs(range(451, 500)));
    expect(r.hasOlder).toBe(true);
  });

  it('drops an older page for the window that lands after the window was let go', () => {
    let s = applyRoomList(initialChatState(me, []), [room(300)]);
    s = applyJumpWindow(s, ROOM, 100, newestFirst(76, 125));
    s = showLatest(s, ROOM);
    s = applyHistoryPage(s, ROOM, newestFirst(26, 75), true);
    expect(roomOf(s).messages).toEqual([]);
    s = applyHistoryPage(s, ROOM, newestFirst(251, 300), true);
    expect(seqs(roomOf(s).messages)).toEqual(seqs(range(251, 300)));
  });

  it('leaves an empty live end to be paged from the stream position when none of it was held', () => {
    let s = applyRoomList(initialChatState(me, []), [room(300)]);
    s = applyJumpWindow(s, ROOM, 100, newestFirst(76, 125));
    s = showLatest(s, ROOM);
    expect(roomOf(s).messages).toEqual([]);
    expect(roomOf(s).hasOlder).toBe(true);
  });
});
