import type { Message } from '@parley/protocol';
import { startOfLocalDay } from '../../lib/relative-time';
import { isUpdate } from '../../ws/apply-update';

/** Consecutive messages of one sender within this time share one header. */
export const GROUP_MS = 5 * 60_000;

/** One line of the timeline. `key` is stable across prepends, appends and re-renders. */
export type TimelineRow =
  | { kind: 'day'; key: string; dayMs: number }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; message: Message; continued: boolean };

export interface TimelineOptions {
  /** The room's read marker when it was opened; the divider goes before the first later message from someone else. */
  readSeq: number | undefined;
  meId: string;
}

export const UNREAD_KEY = 'unread';
export const messageKey = (seq: number) => `m${seq}`;

/** The first message after `readSeq` written by someone else (system messages do not count as unread). */
export function firstUnreadSeq(messages: readonly Message[], readSeq: number | undefined, meId: string): number | undefined {
  if (readSeq === undefined) return undefined;
  for (const m of messages) {
    if (m.seq > readSeq && m.kind !== 'system' && !isUpdate(m) && m.sender?.id !== meId) return m.seq;
  }
  return undefined;
}

function isGroupable(prev: Message, m: Message, ms: number, prevMs: number): boolean {
  if (prev.kind === 'system' || m.kind === 'system' || !prev.sender || prev.sender.id !== m.sender?.id) return false;
  return ms - prevMs < GROUP_MS;
}

/**
 * Messages (sorted by seq) → rows: a day separator where the local date changes (and above the
 * first message), the "new messages" divider, and whether each message continues its sender's group.
 * A separator or the divider starts a new group, so a header always follows them.
 */
export function buildTimelineRows(messages: readonly Message[], { readSeq, meId }: TimelineOptions): TimelineRow[] {
  const unreadSeq = firstUnreadSeq(messages, readSeq, meId);
  const rows: TimelineRow[] = [];
  let prev: Message | undefined;
  let prevMs = 0;
  let prevDay: number | undefined;
  for (const m of messages) {
    // Updates change the messages they name (ws/apply-update.ts); they are never rows of their own.
    if (isUpdate(m)) continue;
    const ms = Date.parse(m.createdAt);
    const day = startOfLocalDay(ms);
    let broken = false;
    if (day !== prevDay) {
      rows.push({ kind: 'day', key: `d${day}`, dayMs: day });
      prevDay = day;
      broken = true;
    }
    if (m.seq === unreadSeq) {
      rows.push({ kind: 'unread', key: UNREAD_KEY });
      broken = true;
    }
    const continued = !broken && prev !== undefined && isGroupable(prev, m, ms, prevMs);
    rows.push({ kind: 'message', key: messageKey(m.seq), message: m, continued });
    prev = m;
    prevMs = ms;
  }
  return rows;
}

/** Messages from others after `afterSeq` (what the "N new messages" button counts); scans from the end. */
export function countNewFrom(messages: readonly Message[], afterSeq: number, meId: string): number {
  let n = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.seq <= afterSeq) break;
    if (m.kind !== 'system' && !isUpdate(m) && m.sender?.id !== meId) n++;
  }
  return n;
}
