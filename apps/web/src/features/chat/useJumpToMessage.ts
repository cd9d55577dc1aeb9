import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { RoomState } from '../../ws/chat-state';
import { clearJump } from '../../ws/timeline-jump';
import { messageKey, type TimelineRow } from './timeline-rows';
import { useChatController } from './useChat';

/** How long a jumped-to message stays highlighted (the CSS animation fades it out over this time). */
export const FLASH_MS = 2500;
/** The target lands this far down the viewport, so what led up to it is in view too. */
const TARGET_FRACTION = 0.3;

/**
 * Carries out the room's pending jump (RoomState.jumpTo) once the target's row is among `rows`:
 * scrolls it into view, flashes it, and clears the request. Returns the seq being flashed, and whether
 * any jump happened since the list mounted (opening at the unread divider must not undo it).
 */
export function useJumpToMessage(
  r: RoomState,
  rows: readonly TimelineRow[],
  toRow: (key: string, offset: number) => void,
  scrollerRef: RefObject<HTMLDivElement | null>,
): { flashSeq: number | undefined; jumped: boolean } {
  const ctrl = useChatController();
  const roomId = r.room.id;
  const target = r.jumpTo;
  const [flash, setFlash] = useState<{ seq: number; id: number } | undefined>();
  const jumped = useRef(target !== undefined);
  if (target) jumped.current = true;

  useLayoutEffect(() => {
    if (!target) return;
    const key = messageKey(target.seq);
    if (!rows.some((row) => row.key === key)) return;
    const height = scrollerRef.current?.clientHeight ?? 0;
    toRow(key, Math.round(height * TARGET_FRACTION));
    setFlash(target);
    // Keyboard users carry on from the timeline, which now shows the message. A frame later, because
    // a dialog that started the jump hands focus back to its opener as it closes.
    requestAnimationFrame(() => scrollerRef.current?.focus({ preventScroll: true }));
    ctrl.store.update((s) => clearJump(s, roomId, target.id));
  }, [target, rows, toRow, scrollerRef, ctrl, roomId]);

  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(undefined), FLASH_MS);
    return () => clearTimeout(timer);
  }, [flash]);

  return { flashSeq: flash?.seq, jumped: jumped.current };
}
