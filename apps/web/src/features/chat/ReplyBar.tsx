import { useTranslation } from 'react-i18next';
import type { ReplyPreview } from '@parley/protocol';
import { replyPreviewOf } from './reply-draft';
import { useReplyExcerpt } from './ReplyQuote';
import { useChatState } from './useChat';

/**
 * Above the composer while a reply is being written: whom it answers, and × (or Esc) to cancel. It
 * follows the answered message while it is held, so an edit or deletion meanwhile shows here too.
 */
export function ReplyBar({ roomId, draft, onCancel }: { roomId: string; draft: ReplyPreview; onCancel(): void }) {
  const { t } = useTranslation();
  const excerptOf = useReplyExcerpt();
  const held = useChatState((s) => s.rooms[roomId]?.messages.find((m) => m.id === draft.id));
  const reply = held ? replyPreviewOf(held) : draft;
  const name = reply.sender?.displayName ?? t('reply.unknownSender');
  return (
    <div className="reply-bar d-flex align-items-center gap-2 mb-2 ps-2 pe-1 py-1 small" data-testid="reply-bar" data-reply-seq={reply.seq}>
      <i className="fa-solid fa-reply text-primary flex-shrink-0" aria-hidden="true" />
      <div className="min-w-0 flex-grow-1">
        <div className="fw-semibold text-truncate">{t('reply.replyingTo', { name })}</div>
        <div className={`text-body-secondary text-truncate${reply.deleted ? ' fst-italic' : ''}`}>{excerptOf(reply)}</div>
      </div>
      <button type="button" className="btn btn-sm btn-link text-body-secondary flex-shrink-0" onClick={onCancel} aria-label={t('reply.cancel')} title={`${t('reply.cancel')} (Esc)`} data-testid="reply-cancel">
        <i className="fa-solid fa-xmark" aria-hidden="true" />
      </button>
    </div>
  );
}
