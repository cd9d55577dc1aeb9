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
      <div className="d-flex flex-wrap gap-2 mb-2 align-items-end">
        <div className="flex-grow-1 admin-search">
          <label htmlFor="admin-rooms-search" className="form-label small mb-1">{t('adminRooms.search')}</label>
          <input id="admin-rooms-search" type="search" className="form-control" value={query} placeholder={t('adminRooms.searchPlaceholder')}
            onChange={(e) => setQuery(e.target.value)} maxLength={64} autoComplete="off" spellCheck={false} data-testid="admin-rooms-search" />
        </div>
        <div role="radiogroup" aria-label={t('adminRooms.type')} className="btn-group" data-testid="admin-rooms-type">
          {TYPES.map((f) => (
            <button key={f.value} type="button" role="radio" aria-checked={type === f.value}
              className={`btn btn-sm ${type === f.value ? 'btn-primary' : 'btn-outline-primary'}`} onClick={() => setType(f.value)} data-testid={`admin-rooms-type-${f.value}`}>
              {t(f.label)}
            </button>
          ))}
        </div>
      </div>
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
      <div className="d-flex align-items-center gap-2 mt-3">
        {list.hasMore && (
          <button type="button" className="btn btn-outline-primary btn-sm" disabled={list.status === 'loading'} onClick={list.loadMore} data-testid="admin-rooms-more">
            {t('adminRooms.more')}
          </button>
        )}
        {list.status === 'loading' && <span className="small text-body-secondary">{t('adminRooms.loading')}</span>}
      </div>
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
