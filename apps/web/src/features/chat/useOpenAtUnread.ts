import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoomState } from '../../ws/chat-state';
import { UNREAD_KEY, type TimelineRow } from './timeline-rows';
import { useChatController } from './useChat';

/** Pages of history fetched on open to reach the first unread message before giving up on it. */
const MAX_OPEN_PAGES = 5;
/** The divider lands this far below the top, leaving a little of what was already read above it. */
const DIVIDER_TOP_PX = 64;

/**
 * Opening a room where the user has unread messages: the read marker from before the room was opened
 * is captured once (the room is marked read while it is open, but the divider must stay where it was), older pages are fetched until
 * the first unread message is held, and the view opens on the divider instead of the bottom. Until the
 * first unread message is held there is no divider, because it would sit on the oldest page held.
 */
export function useOpenAtUnread(r: RoomState) {
  const ctrl = useChatController();
  const roomId = r.room.id;
  const [marker] = useState(() => {
    // Opening the room already moved the marker to the end (markViewed), keeping the old one aside.
    const read = r.openedReadSeq ?? r.room.lastReadSeq;
    return r.room.myRole !== null && read < r.room.lastSeq ? read : undefined;
  });
  const first = r.messages[0];
  const held = marker !== undefined && (!r.hasOlder || (first !== undefined && first.seq <= marker + 1));
  const pages = useRef(0);
  const done = useRef(marker === undefined);

  useEffect(() => {
    // An empty list is still waiting for its first page, which the timeline asks for itself.
    if (done.current || held || r.messages.length === 0 || r.loadingOlder) return;
    if (pages.current >= MAX_OPEN_PAGES) {
      done.current = true;
      return;
    }
    pages.current++;
    void ctrl.loadOlder(roomId);
  }, [held, r.messages.length, r.loadingOlder, ctrl, roomId]);

  /** Called with each new set of rows; the first time the divider's page is held, scrolls to it. */
  const onRows = useCallback(
    (rows: readonly TimelineRow[], toRow: (key: string, offset: number) => void) => {
      if (done.current || !held) return;
      done.current = true;
      if (rows.some((row) => row.kind === 'unread')) toRow(UNREAD_KEY, DIVIDER_TOP_PX);
    },
    [held],
  );

  return { readSeq: held ? marker : undefined, onRows };
}
