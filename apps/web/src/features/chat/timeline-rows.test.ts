import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { buildTimelineRows, countNewFrom, firstUnreadSeq, type TimelineRow } from './timeline-rows';

const at = (d: number, h: number, mi = 0) => new Date(2026, 10, d, h, mi).toISOString();
const ME = 'u-me';

function msg(seq: number, sender: string | null, createdAt: string, kind: Message['kind'] = 'text'): Message {
  return {
    id: `id${seq}`,
    roomId: 'r1',
    seq,
    kind,
    body: kind === 'system' ? '' : `hello ${seq}`,
    event: kind === 'system' ? { type: 'member.joined', user: { id: sender ?? 'x', username: 'x', displayName: 'X' } } : null,
    sender: sender === null ? null : { id: sender, username: sender, displayName: sender },
    clientMsgId: null,
    createdAt,
  } as Message;
}

/** A compact picture of the rows: "day", "unread", "3" (header) or "3+" (continued). */
const shape = (rows: TimelineRow[]) => rows.map((r) => (r.kind === 'message' ? `${r.message.seq}${r.continued ? '+' : ''}` : r.kind));

describe('buildTimelineRows', () => {
  it('groups one sender within five minutes and starts a header for another sender or a later time', () => {
    const rows = buildTimelineRows(
      [msg(1, 'ann', at(3, 10, 0)), msg(2, 'ann', at(3, 10, 4)), msg(3, 'bob', at(3, 10, 5)), msg(4, 'bob', at(3, 10, 11))],
      { readSeq: undefined, meId: ME },
    );
    expect(shape(rows)).toEqual(['day', '1', '2+', '3', '4']);
  });

  it('puts a day separator where the local date changes, and it breaks a group', () => {
    const rows = buildTimelineRows([msg(1, 'ann', at(3, 23, 58)), msg(2, 'ann', at(4, 0, 1)), msg(3, 'ann', at(4, 0, 2))], { readSeq: undefined, meId: ME });
    expect(shape(rows)).toEqual(['day', '1', 'day', '2', '3+']);
    const days = rows.filter((r) => r.kind === 'day');
    expect(days.map((r) => r.dayMs)).toEqual([new Date(2026, 10, 3).getTime(), new Date(2026, 10, 4).getTime()]);
  });

  it('never groups system messages', () => {
    const rows = buildTimelineRows([msg(1, 'ann', at(3, 10)), msg(2, 'ann', at(3, 10), 'system'), msg(3, 'ann', at(3, 10))], { readSeq: undefined, meId: ME });
    expect(shape(rows)).toEqual(['day', '1', '2', '3']);
  });

  it('puts the divider before the first unread message from someone else and breaks the group there', () => {
    const messages = [msg(1, 'ann', at(3, 10)), msg(2, ME, at(3, 10, 1)), msg(3, 'ann', at(3, 10, 1), 'system'), msg(4, 'ann', at(3, 10, 2)), msg(5, 'ann', at(3, 10, 3))];
    expect(shape(buildTimelineRows(messages, { readSeq: 1, meId: ME }))).toEqual(['day', '1', '2', '3', 'unread', '4', '5+']);
  });

  it('shows no divider when everything after the marker is mine or from the system', () => {
    const messages = [msg(1, 'ann', at(3, 10)), msg(2, ME, at(3, 10, 1)), msg(3, 'ann', at(3, 10, 2), 'system')];
    expect(shape(buildTimelineRows(messages, { readSeq: 1, meId: ME }))).not.toContain('unread');
    expect(firstUnreadSeq(messages, undefined, ME)).toBeUndefined();
  });

  it('keeps row keys stable when older messages are prepended', () => {
    const newer = [msg(10, 'ann', at(4, 9)), msg(11, 'bob', at(4, 9))];
    const before = buildTimelineRows(newer, { readSeq: undefined, meId: ME }).map((r) => r.key);
    const after = buildTimelineRows([msg(9, 'bob', at(3, 9)), ...newer], { readSeq: undefined, meId: ME }).map((r) => r.key);
    expect(after.slice(-before.length)).toEqual(before);
  });
});

describe('countNewFrom', () => {
  it('counts only messages from others after the given seq', () => {
    const messages = [msg(1, 'ann', at(3, 10)), msg(2, 'ann', at(3, 10)), msg(3, ME, at(3, 10)), msg(4, 'bob', at(3, 10), 'system'), msg(5, 'bob', at(3, 11))];
    expect(countNewFrom(messages, 1, ME)).toBe(2);
    expect(countNewFrom(messages, 5, ME)).toBe(0);
    expect(countNewFrom([], 0, ME)).toBe(0);
  });
});
