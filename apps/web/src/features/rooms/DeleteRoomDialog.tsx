import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';

interface DeleteRoomDialogProps {
  roomName: string;
  onDelete(): Promise<void>;
  onClose(): void;
}

/** Deleting a room cannot be undone, so the owner types its name first (as GitHub asks for a repository). */
export function DeleteRoomDialog({ roomName, onDelete, onClose }: DeleteRoomDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const matches = typed.trim() === roomName;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!matches) return;
    setBusy(true);
    setError(undefined);
    try {
      await onDelete();
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t('chat.delete')} onClose={onClose} testId="delete-room-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="alert alert-danger d-flex gap-2 py-2" role="note">
          <i className="fa-solid fa-triangle-exclamation mt-1" aria-hidden="true" />
          <span>{t('roomDelete.warning', { name: roomName })}</span>
        </div>
        <label htmlFor="delete-room-confirm" className="form-label">
          {t('roomDelete.typeName')} <strong className="user-select-all text-break">{roomName}</strong>
        </label>
        <input
          id="delete-room-confirm"
          className="form-control"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={typed && !matches ? 'delete-room-mismatch' : undefined}
          data-testid="delete-room-input"
        />
        {typed && !matches && (
          <div id="delete-room-mismatch" className="form-text">{t('roomDelete.mismatch')}</div>
        )}
        {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="delete-room-error">{error}</div>}
        <div className="d-flex justify-content-end gap-2 mt-3">
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-danger" disabled={!matches || busy} data-testid="delete-room-submit">
            <i className="fa-solid fa-trash me-2" aria-hidden="true" />
            {t('chat.delete')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
