import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal';

interface OwnerLeaveDialogProps {
  roomName: string;
  onTransfer(): void;
  onDelete(): void;
  onClose(): void;
}

/** What "Leave" shows the owner: the server refuses (owner_cannot_leave), so offer the two ways out. */
export function OwnerLeaveDialog({ roomName, onTransfer, onDelete, onClose }: OwnerLeaveDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t('moderation.ownerLeaveTitle')}
      onClose={onClose}
      testId="owner-leave-dialog"
      footer={
        <>
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="btn btn-outline-danger" onClick={onDelete} data-testid="owner-leave-delete">{t('chat.delete')}</button>
          <button type="button" className="btn btn-primary" onClick={onTransfer} data-testid="owner-leave-transfer">{t('moderation.transferOpen')}</button>
        </>
      }
    >
      <p className="mb-0">{t('moderation.ownerLeaveText', { name: roomName })}</p>
    </Modal>
  );
}
