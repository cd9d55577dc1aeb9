import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionMenu, type ActionMenuItem } from '../../components/ActionMenu';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { navigate } from '../../lib/router';
import type { RoomState } from '../../ws/chat-state';
import { leave, remove } from '../../ws/room-actions';
import { AuditLogDialog } from '../audit/AuditLogDialog';
import { DeleteRoomDialog } from '../rooms/DeleteRoomDialog';
import { OwnerLeaveDialog } from '../rooms/OwnerLeaveDialog';
import { RoomInfoPanel } from '../room-info/RoomInfoPanel';
import { RoomSettingsDialog } from '../rooms/RoomSettingsDialog';
import { TransferOwnershipDialog } from '../rooms/TransferOwnershipDialog';
import { InviteDialog } from './InviteDialog';
import { MuteButton } from '../notifications/MuteButton';
import { DirectHeader } from '../direct/DirectHeader';
import { isDirect } from '../direct/direct-name';
import { useChatController } from './useChat';

type Dialog = 'settings' | 'invite' | 'audit' | 'leave' | 'owner-leave' | 'transfer' | 'delete' | 'info' | undefined;

/**
 * Room name and description, and the actions the caller's role allows: settings and invites
 * (owner/admin), leave (the owner is told to transfer ownership or delete instead), delete (owner).
 */
export function RoomHeader({ room: r, onToggleMembers, membersOpen }: { room: RoomState; onToggleMembers(): void; membersOpen: boolean }) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const [dialog, setDialog] = useState<Dialog>();
  const [expanded, setExpanded] = useState(false);
  const { room } = r;
  const role = room.myRole;
  const canManage = role === 'owner' || role === 'admin';
  const canInvite = canManage && room.visibility === 'private';
  const close = () => setDialog(undefined);
  if (isDirect(room)) return <DirectHeader room={r} membersOpen={membersOpen} onToggleMembers={onToggleMembers} />;

  const items: ActionMenuItem[] = [];
  if (canManage) items.push({ key: 'settings', label: t('roomSettings.open'), icon: 'fa-gear', onSelect: () => setDialog('settings'), testId: 'open-room-settings' });
  if (canInvite) items.push({ key: 'invite', label: t('invite.title'), icon: 'fa-user-plus', onSelect: () => setDialog('invite'), testId: 'menu-invite' });
  if (role === 'owner') items.push({ key: 'audit', label: t('audit.openRoom'), icon: 'fa-clipboard-list', onSelect: () => setDialog('audit'), testId: 'open-room-audit' });
  if (role !== null) {
    const onSelect = () => setDialog(role === 'owner' ? 'owner-leave' : 'leave');
    items.push({ key: 'leave', label: t('chat.leave'), icon: 'fa-right-from-bracket', danger: true, onSelect, testId: 'leave-room' });
  }
  if (role === 'owner') items.push({ key: 'delete', label: t('chat.delete'), icon: 'fa-trash', danger: true, onSelect: () => setDialog('delete'), testId: 'delete-room' });

  return (
    <div className="room-header d-flex align-items-center gap-2 border-bottom px-3 py-2">
      <i className={`fa-solid ${room.visibility === 'private' ? 'fa-lock' : 'fa-hashtag'} text-body-secondary`} aria-hidden="true" />
      <span className="visually-hidden">{t(room.visibility === 'private' ? 'rooms.private' : 'rooms.public')}</span>
      <div className="min-w-0 flex-grow-1">
        <h2 className="h6 mb-0 text-truncate" data-testid="room-title" title={room.name}>{room.name}</h2>
        {room.description && (
          <button
            type="button"
            className={`btn btn-link p-0 border-0 small text-body-secondary text-decoration-none text-start mw-100 d-block room-description${expanded ? ' text-break' : ' text-truncate'}`}
            title={expanded ? t('roomSettings.lessDescription') : room.description}
            aria-expanded={expanded}
            onClick={() => setExpanded((x) => !x)}
            data-testid="room-description"
          >
            {room.description}
          </button>
        )}
      </div>
      {canInvite && (
        <button type="button" className="btn btn-sm btn-outline-primary text-nowrap d-none d-sm-inline-block" onClick={() => setDialog('invite')} data-testid="open-invite" aria-label={t('invite.title')} title={t('invite.title')}>
          <i className="fa-solid fa-user-plus" aria-hidden="true" />
          <span className="d-none d-md-inline ms-1">{t('invite.title')}</span>
        </button>
      )}
      <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => setDialog('info')} aria-label={t('roomInfo.open')} title={t('roomInfo.open')} data-testid="open-room-info">
        <i className="fa-solid fa-circle-info" aria-hidden="true" />
      </button>
      {role !== null && (
        <button
          type="button"
          className={`btn btn-sm text-nowrap ${membersOpen ? 'btn-secondary' : 'btn-outline-secondary'} members-toggle`}
          onClick={onToggleMembers}
          aria-expanded={membersOpen}
          aria-label={`${t(membersOpen ? 'members.hide' : 'members.show')} ${room.onlineCount}/${room.memberCount}`}
          title={t(membersOpen ? 'members.hide' : 'members.show')}
          data-testid="toggle-members"
        >
          <i className="fa-solid fa-users me-1" aria-hidden="true" />
          <span aria-hidden="true">{room.onlineCount}/{room.memberCount}</span>
        </button>
      )}
      {role !== null && <MuteButton room={r} />}
      <ActionMenu label={t('chat.roomMenu')} items={items} buttonClassName="btn btn-sm btn-outline-secondary" testId="room-menu" />
      {/* A dialog the caller's role no longer allows (demoted, removed meanwhile) closes by itself. */}
      {dialog === 'info' && <RoomInfoPanel room={r} name={room.name} onClose={close} />}
      {dialog === 'settings' && canManage && <RoomSettingsDialog room={room} onClose={close} />}
      {dialog === 'invite' && canInvite && <InviteDialog roomId={room.id} onClose={close} />}
      {dialog === 'audit' && role === 'owner' && <AuditLogDialog scope={{ kind: 'room', roomId: room.id, roomName: room.name }} onClose={close} />}
      {dialog === 'leave' && role !== null && (
        <ConfirmDialog
          title={t('chat.leave')}
          question={t('chat.confirmLeave', { name: room.name })}
          confirmLabel={t('chat.leave')}
          danger
          onConfirm={async () => {
            await leave(ctrl, room.id);
            if (room.visibility === 'private') navigate('/');
          }}
          onClose={close}
        />
      )}
      {dialog === 'owner-leave' && role === 'owner' && (
        <OwnerLeaveDialog roomName={room.name} onTransfer={() => setDialog('transfer')} onDelete={() => setDialog('delete')} onClose={close} />
      )}
      {dialog === 'transfer' && role === 'owner' && <TransferOwnershipDialog room={room} onClose={close} />}
      {dialog === 'delete' && role === 'owner' && (
        <DeleteRoomDialog
          roomName={room.name}
          onDelete={async () => {
            await remove(ctrl, room.id);
            navigate('/');
          }}
          onClose={close}
        />
      )}
    </div>
  );
}
