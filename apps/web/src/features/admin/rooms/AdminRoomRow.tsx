import { useTranslation } from 'react-i18next';
import type { AdminRoom } from '@parley/protocol';
import { ActionMenu, type ActionMenuItem } from '../../../components/ActionMenu';
import { AdminTime } from '../users/AdminTime';
import { adminRoomLabel } from './transfer-candidates';

interface AdminRoomRowProps {
  room: AdminRoom;
  /** Set when the admin may read the room (a member, or a public room): the name opens it. */
  onOpen: (() => void) | undefined;
  onDelete(): void;
  onTransfer(): void;
}

const ICONS = { public: 'fa-hashtag', private: 'fa-lock', direct: 'fa-user-group' } as const;

/** One room: metadata and counts only, never a message. Direct conversations cannot be deleted or transferred. */
export function AdminRoomRow({ room, onOpen, onDelete, onTransfer }: AdminRoomRowProps) {
  const { t, i18n } = useTranslation();
  const count = (n: number) => n.toLocaleString(i18n.language);
  const label = adminRoomLabel(room, t('adminRooms.direct'));
  const kind = room.type === 'direct' ? 'direct' : room.visibility;
  const kindText = t(kind === 'direct' ? 'adminRooms.direct' : kind === 'private' ? 'adminRooms.private' : 'adminRooms.public');
  const owner = room.owner ? `${room.owner.displayName} (@${room.owner.username})` : t('adminRooms.noOwner');
  const lastActivity = room.lastMessageAt ? <AdminTime iso={room.lastMessageAt} /> : t('adminRooms.noActivity');
  const items: ActionMenuItem[] =
    room.type === 'direct'
      ? []
      : [
          { key: 'transfer', label: t('adminRooms.transfer'), icon: 'fa-crown', onSelect: onTransfer, testId: 'admin-room-transfer' },
          { key: 'delete', label: t('adminRooms.delete'), icon: 'fa-trash', danger: true, onSelect: onDelete, testId: 'admin-room-delete' },
        ];

  return (
    <tr data-testid="admin-room-row" data-room-name={room.name} data-visibility={kind}>
      <td className="admin-room-name">
        <div className="d-flex align-items-start gap-2">
          <i className={`fa-solid ${ICONS[kind]} fa-fw mt-1 text-body-secondary`} title={kindText} aria-hidden="true" />
          <span className="visually-hidden">{kindText}</span>
          <div className="min-w-0">
            {onOpen ? (
              <button type="button" className="btn btn-link p-0 text-start text-break fw-semibold" onClick={onOpen} aria-label={t('adminRooms.open', { name: label })}>
                {label}
              </button>
            ) : (
              <span className="fw-semibold text-break">{label}</span>
            )}
            <div className="small text-body-secondary d-md-none text-break">{owner}</div>
            <div className="small text-body-secondary d-md-none">{lastActivity}</div>
          </div>
        </div>
      </td>
      <td className="d-none d-md-table-cell small text-break">{owner}</td>
      <td className="text-end" data-testid="admin-room-members">{count(room.memberCount)}</td>
      <td className="text-end" data-testid="admin-room-messages">{count(room.messageCount)}</td>
      <td className="d-none d-md-table-cell small text-body-secondary ps-3">{lastActivity}</td>
      <td className="text-end admin-room-actions">
        <ActionMenu label={t('adminRooms.actions', { name: label })} items={items} testId="admin-room-actions" />
      </td>
    </tr>
  );
}
