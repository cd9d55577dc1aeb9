import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/protocol';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { removeMessage } from './message-actions';
import { useChatController } from './useChat';

/** Asks before deleting; an owner or admin deleting someone else's message is told whose it is. */
export function DeleteMessageDialog({ message, mine, onClose }: { message: Message; mine: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const question = mine ? t('messageActions.deleteOwn') : t('messageActions.deleteOthers', { name: message.sender?.displayName ?? message.bot?.name ?? '?' });
  return (
    <ConfirmDialog
      title={t('messageActions.deleteTitle')}
      question={question}
      confirmLabel={t('messageActions.delete')}
      danger
      onConfirm={() => removeMessage(ctrl, message.roomId, message.id)}
      onClose={onClose}
    />
  );
}
