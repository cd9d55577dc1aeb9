import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Avatar as AvatarImages, Message, RoomRole } from '@parley/protocol';
import { Avatar } from '../../components/Avatar';
import { MessageBody } from './MessageBody';
import { MessageActions } from './MessageActions';
import { MessageContent } from './MessageContent';
import { ReplyQuote } from './ReplyQuote';
import { RelativeTime } from './RelativeTime';
import { systemIcon, systemText } from './system-text';
import { messageKey } from './timeline-rows';
import { mentionsUser } from '../../ws/unread';
import { UserNameButton } from '../direct/UserCard';
import { BotBadge } from './BotBadge';

interface MessageItemProps {
  message: Message;
  /** Same sender as the previous message, shortly after: the name and avatar are not repeated. */
  continued: boolean;
  mine: boolean;
  /**
   * The signed-in user's current picture. Used on their own messages, because a live message carries
   * the sender as the server saw it when the socket signed in, which may predate an avatar change.
   */
  myAvatar: AvatarImages | undefined;
  /** Flashed after a jump to it (a search result, a reply's quote). */
  highlighted?: boolean;
  meId: string;
  /** The reader's role in the room (null while previewing): which actions the message offers. */
  role: RoomRole | null;
  /** Starts a reply to the message; without it there is no Reply action. */
  onReply?: (message: Message) => void;
  /** The reader, whose own mentions are highlighted. */
  viewer?: { id: string; username: string };
  /** In a direct conversation: system lines speak of a conversation, not a room. */
  direct?: boolean;
}

/** One stored message. File names are text nodes; the body is sanitised markdown (MessageBody). */
export const MessageItem = memo(function MessageItem({ message, continued, mine, myAvatar, highlighted = false, viewer, meId, role, onReply, direct = false }: MessageItemProps) {
  const { t } = useTranslation();
  if (message.kind === 'system' && message.event) {
    return (
      <li className="system-message text-center small text-body-secondary py-1 px-3" data-testid="system-message" data-seq={message.seq} data-key={messageKey(message.seq)} data-message="true">
        <i className={`fa-solid ${systemIcon(message.event)} me-1`} aria-hidden="true" />
        <span>{systemText(t, message.event, direct)}</span>
        <RelativeTime iso={message.createdAt} className="ms-2" />
      </li>
    );
  }
  const sender = message.sender;
  const name = sender?.displayName ?? message.bot?.name ?? '?';
  const mentionsMe = viewer !== undefined && mentionsUser(message, viewer.id);
  return (
    <li
      className={`message d-flex gap-2 px-3${continued ? ' continued' : ''}${mine ? ' mine' : ''}${highlighted ? ' message-flash' : ''}${mentionsMe ? ' mentions-me' : ''}`}
      data-testid="message"
      data-seq={message.seq}
      data-key={messageKey(message.seq)}
      data-message="true"
      data-highlighted={highlighted || undefined}
    >
      <div className="avatar-slot">
        {continued ? <RelativeTime iso={message.createdAt} variant="clock" className="gutter-time" /> : <Avatar userId={sender?.id ?? message.bot?.webhookId ?? ''} name={name} avatar={mine ? myAvatar : sender?.avatar} />}
      </div>
      <div className="min-w-0 flex-grow-1">
        {!continued && (
          <div className="d-flex gap-2 align-items-baseline">
            {sender ? <UserNameButton user={sender} /> : <span className="fw-semibold text-truncate" data-testid="message-sender">{name}</span>}
            {message.bot && <BotBadge />}
            <RelativeTime iso={message.createdAt} className="small text-body-secondary text-nowrap" />
          </div>
        )}
        {message.replyTo && <ReplyQuote roomId={message.roomId} reply={message.replyTo} />}
        {mentionsMe && <span className="visually-hidden">{t('mentions.mentionsYou')}</span>}
        <MessageContent message={message} meId={meId} member={role !== null} body={message.body !== '' && <MessageBody body={message.body} mentionSelf={viewer?.username} mentionEveryone={mentionsMe && message.mentionsAll !== undefined} />} />
      </div>
      <MessageActions message={message} meId={meId} role={role} onReply={onReply} />
    </li>
  );
});
