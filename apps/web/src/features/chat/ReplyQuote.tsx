import { useTranslation } from 'react-i18next';
import type { ReplyPreview } from '@parley/protocol';
import { jumpToMessage } from './jump-loader';
import { useChatController } from './useChat';

/** What a quote says of the answered message: its excerpt, else what kind of message it was. */
export function useReplyExcerpt(): (reply: ReplyPreview) => string {
  const { t } = useTranslation();
  return (reply) => {
    if (reply.deleted) return t('reply.deleted');
    if (reply.excerpt !== '') return reply.excerpt;
    if (reply.kind === 'image') return t('reply.image');
    if (reply.kind === 'file') return t('reply.file');
    return t('reply.empty');
  };
}

/**
 * The compact quote above a reply's body: who wrote the answered message and its start, as text.
 * Clicking it shows the original, loading it from history if it is not held.
 */
export function ReplyQuote({ roomId, reply }: { roomId: string; reply: ReplyPreview }) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const excerptOf = useReplyExcerpt();
  const name = reply.sender?.displayName ?? t('reply.unknownSender');
  return (
    <button
      type="button"
      className={`reply-quote d-flex align-items-baseline gap-1 text-start mw-100${reply.deleted ? ' deleted' : ''}`}
      onClick={() => void jumpToMessage(ctrl, roomId, reply.seq)}
      aria-label={t('reply.quoteLabel', { name, text: excerptOf(reply) })}
      data-testid="reply-quote"
      data-reply-seq={reply.seq}
    >
      <i className="fa-solid fa-reply fa-flip-horizontal reply-quote-icon" aria-hidden="true" />
      <span className="fw-semibold text-nowrap">{name}</span>
      <span className={`text-truncate${reply.deleted ? ' fst-italic' : ''}`}>{excerptOf(reply)}</span>
    </button>
  );
}
