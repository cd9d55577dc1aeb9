import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminRoom, UserRef } from '@parley/protocol';
import { listMembers } from '../../../api/rooms';
import { Modal } from '../../../components/Modal';
import { useErrorText } from '../../../components/useErrorText';
import { fetchAdminUsers } from '../users/admin-users-api';
import { useDebouncedValue } from '../users/useDebouncedValue';
import { transferAdminRoom } from './admin-rooms-api';
import { transferCandidates, type Candidates } from './transfer-candidates';

interface TransferDialogProps {
  room: AdminRoom;
  onTransferred(room: AdminRoom, to: UserRef): void;
  onClose(): void;
}

/** An admin hands a room to one of its members; the old owner stays on as a room admin. */
export function TransferDialog({ room, onTransferred, onClose }: TransferDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [candidates, setCandidates] = useState<Candidates | undefined>();
  const [target, setTarget] = useState<UserRef | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    transferCandidates(room, listMembers).then(
      (c) => live && setCandidates(c),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [room, errorText]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!target) return;
    setBusy(true);
    setError(undefined);
    try {
      onTransferred(await transferAdminRoom(room.id, target.id), target);
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t('adminRooms.transferTitle', { name: room.name })} onClose={onClose} testId="admin-transfer-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        {!candidates && !error && <p className="small text-body-secondary">{t('moderation.loading')}</p>}
        {candidates?.kind === 'members' && <MemberSelect members={candidates.members} value={target} onChange={setTarget} />}
        {candidates?.kind === 'pick-user' && <UserPicker ownerId={room.owner?.id} value={target} onChange={setTarget} />}
        {target && (
          <div className="alert alert-warning d-flex gap-2 py-2 mt-3 mb-0" role="note">
            <i className="fa-solid fa-crown mt-1" aria-hidden="true" />
            <span>{t('adminRooms.transferWarning', { name: `${target.displayName} (@${target.username})`, room: room.name })}</span>
          </div>
        )}
        {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="admin-transfer-error">{error}</div>}
        <div className="d-flex justify-content-end gap-2 mt-3">
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-warning" disabled={!target || busy} data-testid="admin-transfer-submit">
            {t('adminRooms.transferSubmit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function MemberSelect({ members, value, onChange }: { members: UserRef[]; value: UserRef | undefined; onChange(u: UserRef | undefined): void }) {
  const { t } = useTranslation();
  if (members.length === 0) return <p className="text-body-secondary mb-0" data-testid="admin-transfer-nobody">{t('adminRooms.transferNobody')}</p>;
  return (
    <>
      <label htmlFor="admin-transfer-member" className="form-label">{t('adminRooms.transferPick')}</label>
      <select id="admin-transfer-member" className="form-select" value={value?.id ?? ''} onChange={(e) => onChange(members.find((m) => m.id === e.target.value))} data-testid="admin-transfer-member">
        <option value="">{t('adminRooms.transferChoose')}</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>{m.displayName} (@{m.username})</option>
        ))}
      </select>
    </>
  );
}

/** Any enabled user but the owner; the server answers `member_not_found` for someone outside the room. */
function UserPicker({ ownerId, value, onChange }: { ownerId: string | undefined; value: UserRef | undefined; onChange(u: UserRef | undefined): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  const q = useDebouncedValue(query);
  const [users, setUsers] = useState<UserRef[]>([]);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    fetchAdminUsers(q, 'all').then(
      (page) => {
        if (!live) return;
        setUsers(page.users.filter((u) => u.id !== ownerId && !u.disabled));
        setError(undefined);
      },
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [q, ownerId, errorText]);

  return (
    <>
      <p className="small text-body-secondary">{t('adminRooms.transferSearchHelp')}</p>
      <label htmlFor="admin-transfer-search" className="form-label">{t('adminRooms.transferSearch')}</label>
      <input id="admin-transfer-search" type="search" className="form-control mb-2" value={query} maxLength={64} autoComplete="off"
        placeholder={t('adminUsers.searchPlaceholder')} onChange={(e) => setQuery(e.target.value)} data-testid="admin-transfer-search" />
      {error && <div className="alert alert-danger py-2" role="alert">{error}</div>}
      {!error && users.length === 0 && <p className="small text-body-secondary mb-0">{t('adminRooms.transferNoMatch')}</p>}
      <div className="list-group admin-transfer-users" role="radiogroup" aria-label={t('adminRooms.transferPick')}>
        {users.map((u) => (
          <button key={u.id} type="button" role="radio" aria-checked={value?.id === u.id} onClick={() => onChange(u)}
            className={`list-group-item list-group-item-action text-break${value?.id === u.id ? ' active' : ''}`} data-testid="admin-transfer-user" data-username={u.username}>
            {u.displayName} <span className={value?.id === u.id ? '' : 'text-body-secondary'}>@{u.username}</span>
          </button>
        ))}
      </div>
    </>
  );
}
