import { isApiError } from '../../api/api-error';
import { getHistory } from '../../api/rooms';
import { reportError } from '../../lib/report';
import { addNotice } from '../../ws/chat-state';
import type { ChatController } from '../../ws/chat-controller';
import { hasSeq } from '../../ws/timeline';
import { applyJumpWindow, applyNewerPage, focusMessage, newerCursor, setLoadingJump, setLoadingNewer, showLatest } from '../../ws/timeline-jump';

/** The window around a target: `before=seq+26` returns the target with 25 messages either side of it. */
const WINDOW_AFTER = 25;
const WINDOW_SIZE = 50;
const NEWER_PAGE = 50;

/** The latest jump asked for per room: an answer to an older one arrives too late to move the view. */
const latestJump = new WeakMap<ChatController, Map<string, number>>();
let jumpCount = 0;

function claimJump(ctrl: ChatController, roomId: string): number {
  const byRoom = latestJump.get(ctrl) ?? new Map<string, number>();
  latestJump.set(ctrl, byRoom);
  const id = ++jumpCount;
  byRoom.set(roomId, id);
  return id;
}

const isLatestJump = (ctrl: ChatController, roomId: string, id: number) => latestJump.get(ctrl)?.get(roomId) === id;

/**
 * Shows message `seq` of a room, scrolled into view and flashed: at once if it is held, else after
 * loading the history around it as a detached window (see ws/timeline-jump.ts).
 */
export async function jumpToMessage(ctrl: ChatController, roomId: string, seq: number): Promise<void> {
  const id = claimJump(ctrl, roomId);
  const r = ctrl.store.get().rooms[roomId];
  if (!r) return;
  if (hasSeq(r.messages, seq)) {
    ctrl.store.update((s) => focusMessage(setLoadingJump(s, roomId, false), roomId, seq));
    return;
  }
  ctrl.store.update((s) => setLoadingJump(s, roomId, true));
  try {
    const page = await getHistory(roomId, { before: seq + WINDOW_AFTER + 1 }, WINDOW_SIZE);
    if (!isLatestJump(ctrl, roomId, id)) return;
    if (!page.messages.some((m) => m.seq === seq)) {
      ctrl.store.update((s) => addNotice(setLoadingJump(s, roomId, false), { key: 'search.jumpMissing', values: {}, variant: 'warning' }));
      return;
    }
    ctrl.store.update((s) => applyJumpWindow(setLoadingJump(s, roomId, false), roomId, seq, page.messages));
  } catch (err) {
    if (!isLatestJump(ctrl, roomId, id)) return;
    if (!isApiError(err, 'network')) reportError('loading a message to jump to failed', err);
    ctrl.store.update((s) => addNotice(setLoadingJump(s, roomId, false), { key: 'search.jumpFailed', values: {}, variant: 'danger' }));
  }
}

/** Loads the page after a detached window; the window becomes the live view when it meets the live end. */
export async function loadNewer(ctrl: ChatController, roomId: string): Promise<void> {
  const r = ctrl.store.get().rooms[roomId];
  const after = r && newerCursor(r);
  if (!r || after === undefined || r.loadingNewer) return;
  ctrl.store.update((s) => setLoadingNewer(s, roomId, true));
  try {
    const page = await getHistory(roomId, { after }, NEWER_PAGE);
    ctrl.store.update((s) => applyNewerPage(s, roomId, after, page.messages));
  } catch (err) {
    ctrl.store.update((s) => setLoadingNewer(s, roomId, false));
    if (!isApiError(err, 'network')) reportError('loading newer history failed', err);
  }
}

/** "Jump to latest" from a detached window; a jump still loading is abandoned. */
export function showLatestMessages(ctrl: ChatController, roomId: string): void {
  claimJump(ctrl, roomId);
  ctrl.store.update((s) => showLatest(setLoadingJump(s, roomId, false), roomId));
}
