import { useTranslation } from 'react-i18next';
import type { User } from '@parley/protocol';
import { Avatar } from '../../components/Avatar';
import { MessageAttachments } from '../attachments/MessageAttachments';
import type { OutboxItem } from '../../ws/outbox';
import { MessageBody } from './MessageBody';
import { ReplyQuote } from './ReplyQuote';
import { useChatController } from './useChat';

/** A sent message the server has not stored yet: greyed while waiting, red with actions if refused. */
export function PendingMessageItem({ item, me, connected }: { item: OutboxItem; me: User; connected: boolean }) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const failed = item.failed !== undefined;
  return (
    <li className={`message pending d-flex gap-2 px-3${failed ? ' failed' : ''}`} data-testid="message" data-pending="true" data-client-msg-id={item.clientMsgId}>
      <div className="avatar-slot">
        <Avatar userId={me.id} name={me.displayName} avatar={me.avatar} />
      </div>
      <div className="min-w-0 flex-grow-1">
        <div className="d-flex gap-2 align-items-baseline">
          <span className="fw-semibold text-truncate">{me.displayName}</span>
          <span className={`small text-nowrap ${failed ? 'text-danger' : 'text-body-secondary'}`}>
            <i className={`fa-solid ${failed ? 'fa-circle-exclamation' : 'fa-clock'} me-1`} aria-hidden="true" />
            {failed ? t('chat.failed', { reason: t(`errors.${item.failed}`) }) : t(connected ? 'chat.pending' : 'chat.queued')}
          </span>
        </div>
        {item.replyTo && <ReplyQuote roomId={item.roomId} reply={item.replyTo} />}
        {item.body !== '' && <MessageBody body={item.body} />}
        {item.attachments && <MessageAttachments attachments={item.attachments} />}
        {failed && (
          <div className="d-flex gap-2 mt-1">
            <button type="button" className="btn btn-sm btn-outline-primary py-0" onClick={() => ctrl.retrySend(item.clientMsgId)}>{t('chat.retry')}</button>
            <button type="button" className="btn btn-sm btn-outline-secondary py-0" onClick={() => ctrl.discardSend(item.clientMsgId)}>{t('chat.discard')}</button>
          </div>
        )}
      </div>
    </li>
  );
}
