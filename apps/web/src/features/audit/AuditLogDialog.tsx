import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal';
import { AuditLogView, type AuditLogScope } from './AuditLogView';

/** A room's audit log (for its owner) or the instance's (for instance admins, with an action filter). */
export function AuditLogDialog({ scope, onClose }: { scope: AuditLogScope; onClose(): void }) {
  const { t } = useTranslation();
  const title = scope.kind === 'room' ? t('audit.roomTitle', { name: scope.roomName }) : t('audit.instanceTitle');
  return (
    <Modal
      title={title}
      onClose={onClose}
      testId="audit-dialog"
      size="lg"
      footer={
        <button type="button" className="btn btn-outline-secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      <AuditLogView scope={scope} />
    </Modal>
  );
}
