import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member, Room } from '@parley/protocol';
import { transferOwnership } from '../../api/moderation';
import { listMembers } from '../../api/rooms';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { updateRoom } from '../../ws/chat-state';
import { useChatController } from '../chat/useChat';

/**
 * The owner hands the room to another member and becomes an admin. Like deleting, it cannot be undone
 * by the caller, so they pick the member and type the room's name first.
 */
export function TransferOwnershipDialog({ room, onClose }: { room: Room; onClose(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const [members, setMembers] = useState<Member[] | undefined>();
  const [userId, setUserId] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const target = members?.find((m) => m.user.id === userId);
  const matches = typed.trim() === room.name;

  useEffect(() => {
    listMembers(room.id).then(
      (list) => setMembers(list.filter((m) => m.role !== 'owner')),
      (err: unknown) => setError(errorText(err)),
    );
  }, [room.id, errorText]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!target || !matches) return;
    setBusy(true);
    setError(undefined);
    try {
      const updated = await transferOwnership(room.id, target.user.id);
      // The system message does the same for everyone; applying the answer now hides owner-only actions at once.
      ctrl.commit((s) => updateRoom(s, room.id, (r) => ({ ...r, room: { ...r.room, myRole: updated.myRole } })));
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t('moderation.transferTitle')} onClose={onClose} testId="transfer-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {members?.length === 0 && <p className="text-body-secondary" data-testid="transfer-nobody">{t('moderation.transferNobody')}</p>}
        {!members && !error && <p className="small text-body-secondary">{t('moderation.loading')}</p>}
        {members && members.length > 0 && (
          <>
            <label htmlFor="transfer-member" className="form-label">{t('moderation.transferPick')}</label>
            <select id="transfer-member" className="form-select mb-3" value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="transfer-member">
              <option value="">{t('moderation.transferChoose')}</option>
              {members.map((m) => (
                <option key={m.user.id} value={m.user.id}>
                  {m.user.displayName} (@{m.user.username})
                </option>
              ))}
            </select>
          </>
        )}
        {target && (
          <>
            <div className="alert alert-warning d-flex gap-2 py-2" role="note">
              <i className="fa-solid fa-crown mt-1" aria-hidden="true" />
              <span>{t('moderation.transferWarning', { name: target.user.displayName, room: room.name })}</span>
            </div>
            <label htmlFor="transfer-confirm" className="form-label">
              {t('moderation.transferTypeName')} <strong className="user-select-all text-break">{room.name}</strong>
            </label>
            <input
              id="transfer-confirm"
              className="form-control"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={typed && !matches ? 'transfer-mismatch' : undefined}
              data-testid="transfer-input"
            />
            {typed && !matches && <div id="transfer-mismatch" className="form-text">{t('moderation.transferMismatch')}</div>}
          </>
        )}
        {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="transfer-error">{error}</div>}
        <div className="d-flex justify-content-end gap-2 mt-3">
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-warning" disabled={!target || !matches || busy} data-testid="transfer-submit">
            {t('moderation.transferSubmit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
