import { describe, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { RoomCursor } from './room-cursor.js';

const msg = (seq: number): Message => ({
  id: `id-${seq}`,
  roomId: 'r',
  seq,
  kind: 'text',
  body: String(seq),
  event: null,
  sender: null,
  clientMsgId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

function setup(stored: number[], stopAt?: number) {
  const delivered: number[] = [];
  let fetches = 0;
  const cursor = new RoomCursor({
    fetchAfter: async (after, limit) => {
      fetches++;
      return stored.filter((s) => s > after).slice(0, limit).map(msg);
    },
    deliver: (m) => {
      delivered.push(m.seq);
      return m.seq !== stopAt;
    },
    onError: (err) => {
      throw err;
    },
    gapWaitMs: 1,
    fetchLimit: 2,
  });
  return { cursor, delivered, fetches: () => fetches };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('RoomCursor', () => {
  it('replays the stored tail in pages, then live messages, each once', async () => {
    const stored = [1, 2, 3, 4, 5];
    const { cursor, delivered } = setup(stored);
    const begun = cursor.begin(1);
    cursor.push(msg(5)); // arrives live while the replay is running
    cursor.push(msg(3));
    await begun;
    stored.push(6);
    cursor.push(msg(6));
    cursor.push(msg(6));
    cursor.push(msg(2));
    expect(delivered).toEqual([2, 3, 4, 5, 6]);
  });

  it('holds an out-of-order message until its predecessor arrives', async () => {
    const { cursor, delivered, fetches } = setup([]);
    await cursor.begin(0);
    cursor.push(msg(2));
    expect(delivered).toEqual([]);
    cursor.push(msg(1));
    expect(delivered).toEqual([1, 2]);
    await settle();
    expect(fetches()).toBe(1); // only the initial replay: the gap closed before the wait ran out
  });

  it('fills a gap from storage when the missing message never comes live', async () => {
    const { cursor, delivered } = setup([1, 2, 3]);
    await cursor.begin(0);
    expect(delivered).toEqual([1, 2, 3]);
    const stored4to6 = setup([1, 2, 3, 4, 5, 6]);
    await stored4to6.cursor.begin(3);
    stored4to6.cursor.push(msg(6));
    await settle();
    expect(stored4to6.delivered).toEqual([4, 5, 6]);
  });

  it('stops after a message that ends the subscription', async () => {
    const { cursor, delivered } = setup([1, 2, 3, 4], 2);
    await cursor.begin(0);
    cursor.push(msg(5));
    expect(delivered).toEqual([1, 2]);
    expect(cursor.isStopped).toBe(true);
  });
});
