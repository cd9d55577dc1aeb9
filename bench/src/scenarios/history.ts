import type { HistoryCase, HistoryResult } from '../report/results.js';
import { Histogram } from '../load/histogram.js';
import { get } from '../load/http-get.js';
import type { Target } from './target.js';

export interface HistorySizes {
  bigRoomMessages: number;
  smallRooms: number;
  smallRoomMessages: number;
  pages: number;
}

const PAGE = 50;

/** One page before `before`; checks it is exactly the 50 messages below it, newest first. */
async function page(t: Target, roomId: string, before: number, token: string): Promise<number> {
  const started = performance.now();
  const res = await get(`${t.server.httpUrl}/api/rooms/${roomId}/messages?before=${before}&limit=${PAGE}`, token);
  const ms = performance.now() - started;
  const body = JSON.parse(res.body) as { messages?: Array<{ seq: number }> };
  const seqs = body.messages?.map((m) => m.seq) ?? [];
  const want = Array.from({ length: Math.min(PAGE, before - 1) }, (_, i) => before - 1 - i);
  if (res.status !== 200 || seqs.join() !== want.join()) {
    throw new Error(`history page before ${before} in ${roomId}: status ${res.status}, seqs ${seqs.slice(0, 3).join()}…`);
  }
  return ms;
}

async function measure(t: Target, pick: () => { roomId: string; before: number }, pages: number): Promise<HistoryCase['latency']> {
  const token = t.tokens[0]!;
  // Warm-up, not timed: the first requests after start pay for JIT compilation and cold caches.
  for (let i = 0; i < Math.min(500, pages); i++) {
    const p = pick();
    await page(t, p.roomId, p.before, token);
  }
  const h = new Histogram();
  for (let i = 0; i < pages; i++) {
    const p = pick();
    h.record((await page(t, p.roomId, p.before, token)) * 1000);
  }
  return h.summary();
}

const randomBefore = (messages: number) => PAGE + 1 + Math.floor(Math.random() * (messages - PAGE));

/**
 * Scenario 4: 50-message pages at random positions, one request at a time over a kept-alive
 * connection, timed at the client (so HTTP and JSON are included), every page checked for content.
 */
export async function runHistory(t: Target, sizes: HistorySizes): Promise<HistoryResult> {
  const h = t.history;
  if (!h) throw new Error('history rooms were not seeded');
  const big = await measure(t, () => ({ roomId: h.bigRoom, before: randomBefore(sizes.bigRoomMessages) }), sizes.pages);
  const small = await measure(
    t,
    () => ({ roomId: h.smallRooms[Math.floor(Math.random() * h.smallRooms.length)]!, before: randomBefore(sizes.smallRoomMessages) }),
    sizes.pages,
  );
  return {
    seedSeconds: h.seedSeconds,
    cases: [
      { label: `1 room x ${sizes.bigRoomMessages.toLocaleString('en')} messages`, messagesInRoom: sizes.bigRoomMessages, rooms: 1, pages: sizes.pages, latency: big },
      { label: `${sizes.smallRooms} rooms x ${sizes.smallRoomMessages} messages`, messagesInRoom: sizes.smallRoomMessages, rooms: sizes.smallRooms, pages: sizes.pages, latency: small },
    ],
  };
}
