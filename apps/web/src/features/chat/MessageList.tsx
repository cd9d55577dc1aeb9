import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message, RoomRole, User } from '@parley/protocol';
import type { OutboxItem } from '../../ws/outbox';
import type { RoomState } from '../../ws/chat-state';
import { timelineView } from '../../ws/timeline-jump';
import { loadNewer, showLatestMessages } from './jump-loader';
import { replyPreviewOf, setReplyTo } from './reply-draft';
import { JumpToLatest } from './JumpToLatest';
import { MessageItem } from './MessageItem';
import { PendingMessageItem } from './PendingMessageItem';
import { buildTimelineRows, countNewFrom, type TimelineRow } from './timeline-rows';
import { DaySeparator, UnreadDivider } from './TimelineMarkers';
import { useChatController } from './useChat';
import { useJumpToMessage } from './useJumpToMessage';
import { isDirect } from '../direct/direct-name';
import { useConversationName } from '../direct/useConversationName';
import { useOpenAtUnread } from './useOpenAtUnread';
import { useVirtualTimeline } from './useVirtualTimeline';

/** Ask for the previous page this far before the top, so scrolling up rarely has to wait. */
const LOAD_AHEAD_PX = 1500;

interface MessageListProps {
  room: RoomState;
  pending: readonly OutboxItem[];
  me: User;
  connected: boolean;
}

/** Keys that act on the list itself; inside a text field they belong to the field. */
function isTextField(target: EventTarget): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * The timeline: only the rows near the viewport are in the DOM, history loads ahead of the top without
 * moving what is on screen, the view stays pinned to the bottom while the user is there, and a
 * "new messages" divider marks where the user stopped reading when they opened the room.
 */
export function MessageList({ room: r, pending, me, connected }: MessageListProps) {
  const roomName = useConversationName(r.room);
  const { t } = useTranslation();
  const ctrl = useChatController();
  const roomId = r.room.id;
  const { readSeq, onRows } = useOpenAtUnread(r);
  // A jump may show an older stretch of history detached from the live end (ws/timeline-jump.ts).
  const { messages, detachedSeq, streamSeq, hasOlder } = r;
  const view = useMemo(() => timelineView({ messages, detachedSeq, streamSeq, hasOlder }), [messages, detachedSeq, streamSeq, hasOlder]);
  const rows = useMemo(() => buildTimelineRows(view.messages, { readSeq, meId: me.id }), [view.messages, readSeq, me.id]);

  const canLoadOlder = view.hasOlder && !r.loadingOlder;
  const onNearTop = useCallback(() => {
    if (canLoadOlder) void ctrl.loadOlder(roomId);
  }, [canLoadOlder, ctrl, roomId]);
  const onNearBottom = useCallback(() => void loadNewer(ctrl, roomId), [ctrl, roomId]);
  const timeline = useVirtualTimeline({ rows, onNearTop, onNearBottom: view.detached ? onNearBottom : undefined, loadAheadPx: LOAD_AHEAD_PX, pinBottom: !view.detached });
  const { toBottom, toRow } = timeline;
  const { flashSeq, jumped } = useJumpToMessage(r, rows, toRow, timeline.scrollerRef);
  // Stable, so the memoised rows do not re-render when the list does.
  const startReply = useCallback((m: Message) => ctrl.store.update((s) => setReplyTo(s, roomId, replyPreviewOf(m))), [ctrl, roomId]);

  // Opening on the divider happens once its page is held (see useOpenAtUnread), unless a jump took the view elsewhere.
  useLayoutEffect(() => {
    if (!jumped) onRows(rows, toRow);
  }, [rows, onRows, toRow, jumped]);

  /** Back to the newest messages, leaving a detached window if one is shown. */
  const toLatest = useCallback(() => {
    if (ctrl.store.get().rooms[roomId]?.detachedSeq !== undefined) showLatestMessages(ctrl, roomId);
    toBottom();
  }, [ctrl, roomId, toBottom]);

  // Leaving the room lets a jump's window go: coming back opens at the latest messages, as usual.
  useEffect(() => () => {
    if (ctrl.store.get().rooms[roomId]?.detachedSeq !== undefined) showLatestMessages(ctrl, roomId);
  }, [ctrl, roomId]);

  // The user just sent something: show it, wherever they had scrolled to.
  const sent = useRef(pending.length);
  useLayoutEffect(() => {
    if (pending.length > sent.current) toLatest();
    sent.current = pending.length;
  }, [pending.length, toLatest]);

  // What arrived below while the user reads history: counted from the last message seen at the bottom.
  const lastSeq = r.messages[r.messages.length - 1]?.seq ?? 0;
  const seenSeq = useRef(lastSeq);
  if (timeline.atBottom) seenSeq.current = lastSeq;
  const newBelow = countNewFrom(r.messages, seenSeq.current, me.id);

  const announcement = useNewMessageAnnouncement(r, me.id);

  const jump = () => {
    toLatest();
    timeline.scrollerRef.current?.focus({ preventScroll: true });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'End' || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
    e.preventDefault();
    toLatest();
  };

  return (
    <div className="timeline position-relative flex-grow-1 min-h-0 d-flex flex-column">
      <div
        className="message-scroller flex-grow-1"
        ref={timeline.scrollerRef}
        onScroll={timeline.onScroll}
        onKeyDown={onKeyDown}
        tabIndex={0}
        role="region"
        aria-label={t('timeline.label', { name: roomName })}
        data-testid="message-list"
      >
        <div className="timeline-head small text-body-secondary px-3">
          {view.hasOlder ? (
            r.loadingOlder ? (
              <span role="status">
                <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
                {t('chat.loadingOlder')}
              </span>
            ) : (
              <button type="button" className="btn btn-sm btn-link" onClick={() => void ctrl.loadOlder(roomId)}>{t('chat.loadOlder')}</button>
            )
          ) : (
            <span>
              <i className="fa-solid fa-seedling me-1" aria-hidden="true" />
              {isDirect(r.room) ? t('direct.beginning', { names: roomName }) : t('chat.beginning', { name: roomName })}
            </span>
          )}
        </div>
        <ol className="list-unstyled mb-0" ref={timeline.listRef} style={{ paddingTop: timeline.padTop, paddingBottom: timeline.padBottom }} aria-label={t('chat.messages')}>
          {rows.slice(timeline.range.start, timeline.range.end).map((row) => (
            <Row key={row.key} row={row} me={me} flashSeq={flashSeq} role={r.room.myRole} direct={r.room.type === 'direct'} onReply={r.room.myRole === null ? undefined : startReply} />
          ))}
        </ol>
        {view.detached && <NewerFoot loading={r.loadingNewer === true} onLoad={onNearBottom} />}
        {pending.length > 0 && !view.detached && (
          <ol className="list-unstyled mb-0" aria-label={t('timeline.unsent')}>
            {pending.map((item) => (
              <PendingMessageItem key={item.clientMsgId} item={item} me={me} connected={connected} />
            ))}
          </ol>
        )}
        <div className="pb-2" />
      </div>
      {(!timeline.atBottom || view.detached) && <JumpToLatest count={view.detached ? 0 : newBelow} onJump={jump} />}
      {r.loadingJump && (
        <div className="jump-loading badge text-bg-secondary shadow-sm" role="status" data-testid="jump-loading">
          <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
          {t('timeline.loadingMessage')}
        </div>
      )}
      <div className="visually-hidden" aria-live="polite" data-testid="timeline-announcer">
        {announcement}
      </div>
    </div>
  );
}

interface RowProps {
  row: TimelineRow;
  me: User;
  flashSeq: number | undefined;
  role: RoomRole | null;
  direct: boolean;
  onReply: ((message: Message) => void) | undefined;
}

function Row({ row, me, flashSeq, role, direct, onReply }: RowProps) {
  if (row.kind === 'day') return <DaySeparator dayMs={row.dayMs} rowKey={row.key} />;
  if (row.kind === 'unread') return <UnreadDivider rowKey={row.key} />;
  const m = row.message;
  return <MessageItem message={m} continued={row.continued} mine={m.sender?.id === me.id} myAvatar={me.avatar} highlighted={m.seq === flashSeq} viewer={me} meId={me.id} role={role} direct={direct} onReply={onReply} />;
}

/** Below a detached window: newer messages load as the view nears them, or on demand. */
function NewerFoot({ loading, onLoad }: { loading: boolean; onLoad(): void }) {
  const { t } = useTranslation();
  return (
    <div className="timeline-foot small text-body-secondary px-3 py-2 text-center" data-testid="timeline-newer">
      {loading ? (
        <span role="status">
          <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
          {t('timeline.loadingNewer')}
        </span>
      ) : (
        <button type="button" className="btn btn-sm btn-link" onClick={onLoad}>{t('timeline.loadNewer')}</button>
      )}
    </div>
  );
}

/**
 * The list is windowed, so it cannot be a live region (scrolling would read out every row it adds):
 * instead the newest message from someone else is announced here as it arrives.
 */
function useNewMessageAnnouncement(r: RoomState, meId: string): string {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const last = r.messages[r.messages.length - 1];
  const prevSeq = useRef(last?.seq);
  useEffect(() => {
    const before = prevSeq.current;
    prevSeq.current = last?.seq;
    if (!last || before === undefined || last.seq <= before) return;
    if (last.kind === 'system' || last.kind === 'update' || !last.sender || last.sender.id === meId) return;
    const name = last.sender.displayName;
    setText(last.body !== '' ? t('timeline.announce', { name, text: last.body }) : t('timeline.announceAttachment', { name }));
  }, [last, meId, t]);
  return text;
}
