import type { Message } from '@parley/protocol';
import { reapplyHeldChanges } from './apply-update';
import { isMember, updateRoom, type ChatState, type RoomState } from './chat-state';
import { mergeMessages } from './timeline';

/**
 * Jumping to an old message (a search result, a reply's quote) loads a stretch of history around it
 * that need not touch what is held at the live end. A room's `messages` then hold at most two runs of
 * consecutive seqs: the detached run the user is reading, and the live run that the stream keeps
 * extending. Both live in the one sorted list, so the stream, edits and reactions apply to either
 * without knowing about jumps; the view picks the run. Paging newer from the detached run (or older
 * from the live one) eventually closes the hole, and the two become one live run again.
 */

/** Index range [start, end] into a room's messages. */
export interface Run {
  start: number;
  end: number;
}

/** What the timeline shows: the live end, or the detached run around `RoomState.detachedSeq`. */
export interface TimelineView {
  messages: readonly Message[];
  detached: boolean;
  hasOlder: boolean;
  /** Only a detached view has newer messages to page in (the live end grows by itself). */
  hasNewer: boolean;
}

/**
 * A missing seq breaks a run only at or below the stream position: above it, seqs are still on their
 * way (an ack's stand-in can arrive before the messages just before it).
 */
const isBreak = (prev: number, next: number, streamSeq: number) => next > prev + 1 && prev < streamSeq;

/** Index of the first message with seq >= `seq` (messages.length when none). */
function lowerBound(messages: readonly Message[], seq: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (messages[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The run of consecutive held seqs containing `seq` (or the nearest held one); undefined when none is held. */
export function runAround(messages: readonly Message[], seq: number, streamSeq: number): Run | undefined {
  if (messages.length === 0) return undefined;
  const at = Math.min(lowerBound(messages, seq), messages.length - 1);
  let start = at;
  let end = at;
  while (start > 0 && !isBreak(messages[start - 1]!.seq, messages[start]!.seq, streamSeq)) start--;
  while (end < messages.length - 1 && !isBreak(messages[end]!.seq, messages[end + 1]!.seq, streamSeq)) end++;
  return { start, end };
}

/**
 * Whether the newest held message is at the stream position. Only then is the last run the live one,
 * whose held changes are the newest there are; otherwise it is a detached window, and replaying its
 * changes onto a fresher page would take messages back to older states.
 */
export function reachesLiveEnd(messages: readonly Message[], streamSeq: number): boolean {
  const last = messages[messages.length - 1];
  return last !== undefined && last.seq >= streamSeq;
}

/** The run that reaches the stream position; undefined while nothing of the live end is held. */
export function liveRun(r: RoomState): Run | undefined {
  if (!reachesLiveEnd(r.messages, r.streamSeq)) return undefined;
  return runAround(r.messages, r.messages[r.messages.length - 1]!.seq, r.streamSeq);
}

/** Whether the room's messages before the first held one exist: seqs start at 1 and have no gaps. */
const olderExists = (messages: readonly Message[], streamSeq: number) => (messages[0]?.seq ?? streamSeq + 1) > 1;

export function timelineView(r: Pick<RoomState, 'messages' | 'detachedSeq' | 'streamSeq' | 'hasOlder'>): TimelineView {
  const run = r.detachedSeq === undefined ? undefined : runAround(r.messages, r.detachedSeq, r.streamSeq);
  if (!run) return { messages: r.messages, detached: false, hasOlder: r.hasOlder, hasNewer: false };
  return {
    messages: r.messages.slice(run.start, run.end + 1),
    detached: true,
    hasOlder: run.start > 0 || r.hasOlder,
    hasNewer: true,
  };
}

/**
 * Keeps the run around `seq` and the live run, dropping any other (an earlier jump's), and shows the
 * run around `seq`: detached, unless it already reaches the live end.
 */
function showRunAround(r: RoomState, seq: number): RoomState {
  const target = runAround(r.messages, seq, r.streamSeq);
  if (!target) return { ...r, detachedSeq: undefined };
  const live = liveRun(r);
  const joined = live !== undefined && live.end === target.end;
  const kept = [...r.messages.slice(target.start, target.end + 1), ...(live && !joined ? r.messages.slice(live.start, live.end + 1) : [])];
  const messages = kept.length === r.messages.length ? r.messages : kept;
  const hasOlder = messages === r.messages ? r.hasOlder : olderExists(messages, r.streamSeq);
  return { ...r, messages, hasOlder, detachedSeq: joined ? undefined : seq };
}

/** A detached run that has grown into the live end stops being detached. */
export function settleDetached(r: RoomState): RoomState {
  if (r.detachedSeq === undefined) return r;
  return showRunAround(r, r.detachedSeq);
}

let jumpIds = 0;

/** Asks the timeline to scroll to `seq` and flash it; `seq` must be held (see needsWindow). */
export function focusMessage(state: ChatState, roomId: string, seq: number): ChatState {
  return updateRoom(state, roomId, (r) => ({ ...showRunAround(r, seq), jumpTo: { seq, id: ++jumpIds } }));
}

/** The timeline took the jump (scrolled and flashed): nothing more to do for it. */
export function clearJump(state: ChatState, roomId: string, id: number): ChatState {
  return updateRoom(state, roomId, (r) => (r.jumpTo?.id === id ? { ...r, jumpTo: undefined } : r));
}

/**
 * Merges a page fetched for a jump. Edits and reactions that arrived live while it was on its way
 * found their message not held and were skipped, so the held ones naming the page's messages are
 * applied again (as for any history page; a preview has no stream, so its pages are the truth).
 */
function mergePage(r: RoomState, page: readonly Message[]): readonly Message[] {
  const merged = mergeMessages(r.messages, page);
  return isMember(r) && reachesLiveEnd(merged, r.streamSeq) ? reapplyHeldChanges(merged, page, r.streamSeq) : merged;
}

/** A page of history around a jump's target arrived: it joins the held messages and the view moves to it. */
export function applyJumpWindow(state: ChatState, roomId: string, seq: number, page: readonly Message[]): ChatState {
  const merged = updateRoom(state, roomId, (r) => ({ ...r, messages: mergePage(r, page) }));
  return focusMessage(merged, roomId, seq);
}

/** Where the next newer page of a detached view starts (`after`); undefined when the view is live. */
export function newerCursor(r: RoomState): number | undefined {
  if (r.detachedSeq === undefined) return undefined;
  const run = runAround(r.messages, r.detachedSeq, r.streamSeq);
  return run ? r.messages[run.end]!.seq : undefined;
}

export function setLoadingJump(state: ChatState, roomId: string, loadingJump: boolean): ChatState {
  return updateRoom(state, roomId, (r) => (r.loadingJump === loadingJump ? r : { ...r, loadingJump }));
}

export function setLoadingNewer(state: ChatState, roomId: string, loadingNewer: boolean): ChatState {
  return updateRoom(state, roomId, (r) => ({ ...r, loadingNewer }));
}

/**
 * A page after the detached run (oldest first): it extends the run, which may now meet the live end.
 * A page that no longer follows the run (the user jumped elsewhere meanwhile) is dropped.
 */
export function applyNewerPage(state: ChatState, roomId: string, after: number, page: readonly Message[]): ChatState {
  return updateRoom(state, roomId, (r) => {
    if (newerCursor(r) !== after) return { ...r, loadingNewer: false };
    return settleDetached({ ...r, messages: mergePage(r, page), loadingNewer: false });
  });
}

/** "Jump to latest" from a detached view: the detached run is let go, and the live end shown. */
export function showLatest(state: ChatState, roomId: string): ChatState {
  return updateRoom(state, roomId, (r) => {
    if (r.detachedSeq === undefined) return r;
    const live = liveRun(r);
    const messages = live ? r.messages.slice(live.start, live.end + 1) : [];
    return { ...r, messages, hasOlder: olderExists(messages, r.streamSeq), detachedSeq: undefined, jumpTo: undefined, loadingNewer: false };
  });
}
