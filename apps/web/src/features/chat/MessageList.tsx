import { useEffect, useLayoutEffect, useRef, type UIEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message, User } from '@parley/protocol';
import type { OutboxItem } from '../../ws/outbox';
import type { RoomState } from '../../ws/chat-state';
import { MessageItem } from './MessageItem';
import { PendingMessageItem } from './PendingMessageItem';
import { useChatController } from './useChat';

/** Start loading older messages this close to the top, before the user actually hits it. */
const LOAD_MARGIN_PX = 200;
/** Counts as "at the bottom" within this distance, so new messages keep the view pinned. */
const BOTTOM_SLACK_PX = 48;
/** Consecutive messages of one sender within this time share one header. */
const GROUP_MS = 5 * 60_000;

function isContinued(prev: Message | undefined, m: Message): boolean {
  if (!prev || prev.kind === 'system' || m.kind === 'system' || !prev.sender || prev.sender.id !== m.sender?.id) return false;
  return Date.parse(m.createdAt) - Date.parse(prev.createdAt) < GROUP_MS;
}

interface MessageListProps {
  room: RoomState;
  pending: readonly OutboxItem[];
  me: User;
  connected: boolean;
}

/**
 * The timeline. Loads history when scrolled near the top and keeps the visible messages where they
 * were when older ones are prepended; stays pinned to the bottom while the user is there.
 */
export function MessageList({ room: r, pending, me, connected }: MessageListProps) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  /** Distance from the bottom before a history page was requested; restored once it lands. */
  const restore = useRef<number | undefined>(undefined);
  const firstSeq = r.messages[0]?.seq;
  const prevFirstSeq = useRef(firstSeq);
  const prevPending = useRef(pending.length);

  const requestOlder = () => {
    const el = ref.current;
    if (!el || r.loadingOlder || !r.hasOlder) return;
    restore.current = el.scrollHeight - el.scrollTop;
    void ctrl.loadOlder(r.room.id);
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // The user just sent something: show it, wherever they had scrolled to.
    if (pending.length > prevPending.current) pinned.current = true;
    prevPending.current = pending.length;
    const prepended = firstSeq !== undefined && prevFirstSeq.current !== undefined && firstSeq < prevFirstSeq.current;
    prevFirstSeq.current = firstSeq;
    if (prepended && restore.current !== undefined && !pinned.current) {
      el.scrollTop = el.scrollHeight - restore.current;
    } else if (pinned.current) {
      el.scrollTop = el.scrollHeight;
    }
    if (!r.loadingOlder) restore.current = undefined;
    // A short page leaves nothing to scroll, so nothing would ever ask for more: ask now.
    if (el.scrollHeight <= el.clientHeight && r.hasOlder && !r.loadingOlder) void ctrl.loadOlder(r.room.id);
  });

  // The composer growing (attachments, a longer text) shrinks the list without re-rendering it, and
  // late-loading content (avatars) can grow it: either way a pinned view stays at the bottom.
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    return () => observer.disconnect();
  }, []);

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
    if (el.scrollTop < LOAD_MARGIN_PX) requestOlder();
  };

  return (
    <div className="message-scroller flex-grow-1" ref={ref} onScroll={onScroll} data-testid="message-list">
      <div className="text-center py-3 px-3 small text-body-secondary">
        {r.hasOlder ? (
          r.loadingOlder ? (
            <span role="status">
              <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
              {t('chat.loadingOlder')}
            </span>
          ) : (
            <button type="button" className="btn btn-sm btn-link" onClick={requestOlder}>{t('chat.loadOlder')}</button>
          )
        ) : (
          <span>
            <i className="fa-solid fa-seedling me-1" aria-hidden="true" />
            {t('chat.beginning', { name: r.room.name })}
          </span>
        )}
      </div>
      <ol className="list-unstyled mb-0 pb-2" aria-label={t('chat.messages')} aria-live="polite" aria-relevant="additions">
        {r.messages.map((m, i) => (
          <MessageItem key={m.seq} message={m} continued={isContinued(r.messages[i - 1], m)} mine={m.sender?.id === me.id} myAvatar={me.avatar} />
        ))}
        {pending.map((item) => (
          <PendingMessageItem key={item.clientMsgId} item={item} me={me} connected={connected} />
        ))}
      </ol>
    </div>
  );
}
