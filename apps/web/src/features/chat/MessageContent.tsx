import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/protocol';
import { formatExact } from '../../lib/relative-time';
import { MessageAttachments } from '../attachments/MessageAttachments';
import { InlineEditor } from './InlineEditor';
import { useIsEditing } from './message-editing';
import { ReactionBar } from './ReactionBar';

interface MessageContentProps {
  message: Message;
  meId: string;
  /** The user is a member of the room (previews show reactions but cannot press them). */
  member: boolean;
  /** The rendered body (MessageBody), or nothing for an attachment without a caption. */
  body: ReactNode;
}

/**
 * What a stored message says: its body with "(edited)", its attachments and its reactions; the
 * inline editor while the user edits it; only a muted line once it is deleted.
 */
export function MessageContent({ message, meId, member, body }: MessageContentProps) {
  const { t, i18n } = useTranslation();
  const editing = useIsEditing(message.id);
  if (message.deletedAt !== undefined) {
    return (
      <div className="message-tombstone fst-italic text-body-secondary" data-testid="message-tombstone">
        <i className="fa-solid fa-trash-can me-1" aria-hidden="true" />
        {t('messageActions.deleted')}
      </div>
    );
  }
  const editedTitle = message.editedAt && t('messageActions.editedAt', { time: formatExact(Date.parse(message.editedAt), i18n.language) });
  return (
    <>
      {message.pinned && (
        <div className="message-pinned small" data-testid="message-pinned">
          <i className="fa-solid fa-thumbtack me-1" aria-hidden="true" />
          {t('messageActions.pinned')}
        </div>
      )}
      {editing ? (
        <InlineEditor message={message} />
      ) : (
        (message.body !== '' || editedTitle) && (
          <div className="message-text">
            {body}
            {editedTitle && (
              <span className="edited-mark small text-body-secondary" title={editedTitle} data-testid="edited-mark">
                {t('messageActions.edited')}
                <span className="visually-hidden">{editedTitle}</span>
              </span>
            )}
          </div>
        )
      )}
      {message.attachments && <MessageAttachments attachments={message.attachments} />}
      <ReactionBar message={message} meId={meId} canReact={member} />
    </>
  );
}
