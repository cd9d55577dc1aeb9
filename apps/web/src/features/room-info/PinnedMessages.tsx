import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pin } from '@parley/protocol';
import { Avatar } from '../../components/Avatar';
import { useErrorText } from '../../components/useErrorText';
import { formatExact } from '../../lib/relative-time';
import { replyExcerpt } from '../../ws/apply-update';
import { togglePin } from '../chat/message-actions';
import { listPins } from '../chat/message-changes-api';
import { useChatController, useChatState } from '../chat/useChat';

/** How many pin or unpin lines the client holds for a room: a change means the list is stale. */
function usePinEvents(roomId: string): number {
  return useChatState((s) => {
    let n = 0;
    for (const m of s.rooms[roomId]?.messages ?? []) if (m.event?.type === 'message.pinned' || m.event?.type === 'message.unpinned') n++;
    return n;
  });
}

interface PinnedMessagesProps {
  roomId: string;
  canUnpin: boolean;
  onJump(seq: number): void;
}

/** The room's pinned messages, newest pin first, refreshed when a pin or unpin arrives. Bodies are plain text. */
export function PinnedMessages({ roomId, canUnpin, onJump }: PinnedMessagesProps) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const pinEvents = usePinEvents(roomId);
  const [pins, setPins] = useState<Pin[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(() => {
    let live = true;
    listPins(roomId).then(
      (list) => {
        if (!live) return;
        setPins(list);
        setError(undefined);
      },
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [roomId, errorText]);

  useEffect(() => load(), [load, pinEvents]);

  const time = (iso: string) => formatExact(Date.parse(iso), i18n.language);
  return (
    <section aria-labelledby="pins-heading" data-testid="pinned-messages">
      <h3 id="pins-heading" className="h6 d-flex align-items-center gap-2">
        <i className="fa-solid fa-thumbtack text-body-secondary" aria-hidden="true" />
        {t('pins.title')}
        {pins && pins.length > 0 && <span className="badge rounded-pill text-bg-secondary">{pins.length}</span>}
      </h3>
      {error && <div className="alert alert-danger py-2" role="alert">{error}</div>}
      {!pins && !error && (
        <p className="small text-body-secondary" role="status">
          <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
          {t('pins.loading')}
        </p>
      )}
      {pins?.length === 0 && <p className="small text-body-secondary mb-0">{t('pins.empty')}</p>}
      {pins && pins.length > 0 && (
        <ul className="list-unstyled mb-0">
          {pins.map(({ message: m, pinnedAt, pinnedBy }) => {
            const name = m.sender?.displayName ?? m.bot?.name ?? '?';
            return (
              <li key={m.id} className="pin-item d-flex gap-2 py-2" data-testid="pin-item" data-seq={m.seq}>
                <Avatar userId={m.sender?.id ?? ''} name={name} avatar={m.sender?.avatar} size="sm" />
                <div className="min-w-0 flex-grow-1">
                  <div className="d-flex flex-wrap gap-2 align-items-baseline">
                    <span className="fw-semibold text-truncate">{name}</span>
                    <time className="small text-body-secondary" dateTime={m.createdAt}>{time(m.createdAt)}</time>
                  </div>
                  {m.body !== '' && <div className="pin-excerpt">{replyExcerpt(m.body)}</div>}
                  {m.attachments && m.attachments.length > 0 && (
                    <div className="small text-body-secondary">
                      <i className="fa-solid fa-paperclip me-1" aria-hidden="true" />
                      {t('pins.attachments', { count: m.attachments.length })}
                    </div>
                  )}
                  <div className="small text-body-secondary">{t('pins.pinnedBy', { name: pinnedBy.displayName, time: time(pinnedAt) })}</div>
                  <div className="d-flex flex-wrap gap-2 mt-1">
                    <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => onJump(m.seq)} data-testid="pin-jump">
                      <i className="fa-solid fa-arrow-right me-1" aria-hidden="true" />
                      {t('pins.jump')}
                    </button>
                    {canUnpin && (
                      <button type="button" className="btn btn-sm btn-outline-secondary" aria-label={t('pins.unpinLabel', { name })} onClick={() => void togglePin(ctrl, roomId, m.id, false)} data-testid="pin-unpin">
                        {t('pins.unpin')}
                      </button>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
