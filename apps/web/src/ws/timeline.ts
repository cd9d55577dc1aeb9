import type { Message } from '@parley/protocol';

/**
 * Merges messages into a list sorted by seq with one entry per seq. An incoming copy replaces the one
 * held (the server's copy wins over a local stand-in built from an ack). Seqs have no gaps and never
 * repeat, so seq is the only identity a room's timeline needs.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return existing;
  const last = existing[existing.length - 1];
  // The common case, one live message after the newest, needs no map and no sort.
  if (incoming.length === 1 && (last === undefined || incoming[0]!.seq > last.seq)) return [...existing, incoming[0]!];
  const bySeq = new Map<number, Message>();
  for (const m of existing) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function hasSeq(messages: readonly Message[], seq: number): boolean {
  // Binary search: timelines are sorted by seq and can hold thousands of messages.
  let lo = 0;
  let hi = messages.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = messages[mid]!.seq;
    if (s === seq) return true;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The seq to page history back from: the oldest held, or one past the stream position when none is held. */
export function historyCursor(messages: readonly Message[], streamSeq: number): number {
  return messages[0]?.seq ?? streamSeq + 1;
}
