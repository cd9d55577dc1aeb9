import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminRoom, UserRef } from '@parley/protocol';
import { listRooms } from '../../../api/rooms';
import { reportError } from '../../../lib/report';
import { navigate, roomPath } from '../../../lib/router';
import { DeleteRoomDialog } from '../../rooms/DeleteRoomDialog';
import { useDebouncedValue } from '../users/useDebouncedValue';
import { usePagedList } from '../users/usePagedList';
import { deleteAdminRoom, fetchAdminRooms, type AdminRoomsType } from './admin-rooms-api';
import { AdminRoomRow } from './AdminRoomRow';
import { TransferDialog } from './TransferDialog';
import { AdminListMore, AdminListSearch } from '../users/AdminListControls';
import '../users/admin-lists.css';

const TYPES: ReadonlyArray<{ value: AdminRoomsType; label: string }> = [
  { value: 'room', label: 'adminRooms.typeRooms' },
  { value: 'direct', label: 'adminRooms.typeDirect' },
  { value: 'all', label: 'adminRooms.typeAll' },
];

type Dialog = { kind: 'delete' | 'transfer'; room: AdminRoom } | undefined;

/** The rooms the admin may open: their own, and public ones. Any other room is metadata only. */
function useReadableRoomIds(): ReadonlySet<string> {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    let live = true;
    listRooms().then(
      (rooms) => live && setIds(new Set(rooms.filter((r) => r.myRole !== null || r.visibility === 'public').map((r) => r.id))),
      // Not knowing only hides the "open" links; the list itself still works.
      (err: unknown) => reportError('could not list my rooms for the admin console', err),
    );
    return () => {
      live = false;
    };
  }, []);
  return ids;
}

/** The admin console's Rooms tab: every live room with its counts; delete or transfer one. */
export function RoomsTab({ onOpenRoom }: { onOpenRoom?: (id: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [type, setType] = useState<AdminRoomsType>('room');
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState('');
  const readable = useReadableRoomIds();
  const q = useDebouncedValue(query);
  const load = useCallback(
    async (cursor?: string) => {
      const page = await fetchAdminRooms(q, type, cursor);
      return { items: page.rooms, nextCursor: page.nextCursor };
    },
    [q, type],
  );
  const list = usePagedList(load);
  const open = onOpenRoom ?? ((id: string) => navigate(roomPath(id)));

  const onTransferred = (room: AdminRoom, to: UserRef) => {
    list.replace(room);
    setNotice(t('adminRooms.transferred', { room: room.name, name: to.displayName }));
  };

  return (
    <section aria-labelledby="admin-rooms-title" data-testid="admin-rooms">
      <h2 id="admin-rooms-title" className="visually-hidden">{t('adminRooms.title')}</h2>
      <AdminListSearch<AdminRoomsType> idPrefix="admin-rooms" label={t('adminRooms.search')} placeholder={t('adminRooms.searchPlaceholder')} query={query} onQuery={setQuery}
        groupName="type" groupLabel={t('adminRooms.type')} choices={TYPES.map((c) => ({ value: c.value, label: t(c.label) }))} chosen={type} onChoose={setType} />
      <p className="small text-body-secondary mb-2">
        <i className="fa-solid fa-lock me-1" aria-hidden="true" />
        {t('adminRooms.metadataOnly')}
      </p>
      <div role="status" className="small text-success mb-2 admin-notice" data-testid="admin-rooms-notice">{notice}</div>
      {list.error && <div className="alert alert-danger py-2" role="alert" data-testid="admin-rooms-error">{list.error}</div>}
      {list.status === 'idle' && !list.error && list.items.length === 0 && <p className="text-body-secondary" data-testid="admin-rooms-empty">{t('adminRooms.empty')}</p>}
      {list.items.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm align-middle admin-rooms-table mb-0" aria-busy={list.status === 'loading'} data-testid="admin-rooms-list">
            <thead>
              <tr>
                <th scope="col">{t('adminRooms.name')}</th>
                <th scope="col" className="d-none d-md-table-cell">{t('adminRooms.owner')}</th>
                <th scope="col" className="text-end">{t('adminRooms.members')}</th>
                <th scope="col" className="text-end">{t('adminRooms.messages')}</th>
                <th scope="col" className="d-none d-md-table-cell ps-3">{t('adminRooms.lastActivity')}</th>
                <th scope="col"><span className="visually-hidden">{t('adminRooms.actionsColumn')}</span></th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((r) => (
                <AdminRoomRow key={r.id} room={r} onOpen={readable.has(r.id) ? () => open(r.id) : undefined}
                  onDelete={() => setDialog({ kind: 'delete', room: r })} onTransfer={() => setDialog({ kind: 'transfer', room: r })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AdminListMore list={list} testId="admin-rooms-more" label={t('adminRooms.more')} loadingLabel={t('adminRooms.loading')} />
      {dialog?.kind === 'delete' && (
        <DeleteRoomDialog
          roomName={dialog.room.name}
          onDelete={async () => {
            await deleteAdminRoom(dialog.room.id);
            list.remove(dialog.room.id);
            setNotice(t('adminRooms.deleted', { name: dialog.room.name }));
          }}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'transfer' && <TransferDialog room={dialog.room} onTransferred={onTransferred} onClose={() => setDialog(undefined)} />}
    </section>
  );
}
