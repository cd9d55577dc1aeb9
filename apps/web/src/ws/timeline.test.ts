import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { hasSeq, historyCursor, mergeMessages } from './timeline';

const ROOM = '00000000-0000-4000-8000-000000000001';

function msg(seq: number, body = `m${seq}`): Message {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    roomId: ROOM,
    seq,
    kind: 'text',
    body,
    event: null,
    sender: null,
    clientMsgId: null,
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}
const seqs = (ms: readonly Message[]) => ms.map((m) => m.seq);

describe('mergeMessages', () => {
  it('appends a live message after the newest', () => {
    expect(seqs(mergeMessages([msg(1), msg(2)], [msg(3)]))).toEqual([1, 2, 3]);
  });

  it('keeps one entry per seq when a replay overlaps what is held', () => {
    const merged = mergeMessages([msg(1), msg(2), msg(3)], [msg(2), msg(3), msg(4)]);
    expect(seqs(merged)).toEqual([1, 2, 3, 4]);
  });

  it('prepends an older history page newest-first as it comes from the server', () => {
    expect(seqs(mergeMessages([msg(5), msg(6)], [msg(4), msg(3), msg(2)]))).toEqual([2, 3, 4, 5, 6]);
  });

  it('lets the server copy replace a local stand-in with the same seq', () => {
    const merged = mergeMessages([msg(1), msg(2, 'local')], [msg(2, 'server')]);
    expect(merged.map((m) => m.body)).toEqual(['m1', 'server']);
  });

  it('returns the same list when nothing comes in', () => {
    const held = [msg(1)];
    expect(mergeMessages(held, [])).toBe(held);
  });
});

describe('hasSeq and historyCursor', () => {
  it('finds held seqs only', () => {
    const held = [msg(2), msg(3), msg(7)];
    expect([1, 2, 3, 5, 7, 8].map((s) => hasSeq(held, s))).toEqual([false, true, true, false, true, false]);
  });

  it('pages back from the oldest held message, or from the stream position', () => {
    expect(historyCursor([msg(4), msg(5)], 9)).toBe(4);
    expect(historyCursor([], 9)).toBe(10);
  });
});
