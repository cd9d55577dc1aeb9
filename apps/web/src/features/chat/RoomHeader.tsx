import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { navigate } from '../../lib/router';
import type { RoomState } from '../../ws/chat-state';
import { leave, remove } from '../../ws/room-actions';
import { InviteDialog } from './InviteDialog';
import { MuteButton } from '../notifications/MuteButton';
import { useChatController } from './useChat';

type Dialog = 'invite' | 'leave' | 'delete' | undefined;

/** Room name and the actions the caller's role allows: invite (owner/admin), leave, delete (owner). */
export function RoomHeader({ room: r, onToggleMembers, membersOpen }: { room: RoomState; onToggleMembers(): void; membersOpen: boolean }) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const [dialog, setDialog] = useState<Dialog>();
  const { room } = r;
  const role = room.myRole;
  const canManage = role === 'owner' || role === 'admin';
  const close = () => setDialog(undefined);

  return (
    <div className="room-header d-flex align-items-center gap-2 border-bottom px-3 py-2">
      <i className={`fa-solid ${room.visibility === 'private' ? 'fa-lock' : 'fa-hashtag'} text-body-secondary`} aria-label={t(room.visibility === 'private' ? 'rooms.private' : 'rooms.public')} />
      <div className="min-w-0 flex-grow-1">
        <h2 className="h6 mb-0 text-truncate" data-testid="room-title">{room.name}</h2>
        {room.description && <p className="small text-body-secondary mb-0 text-truncate d-none d-sm-block">{room.description}</p>}
      </div>
      {canManage && (
        <button type="button" className="btn btn-sm btn-outline-primary text-nowrap" onClick={() => setDialog('invite')} data-testid="open-invite" aria-label={t('invite.title')}>
          <i className="fa-solid fa-user-plus" aria-hidden="true" />
          <span className="d-none d-md-inline ms-1">{t('invite.title')}</span>
        </button>
      )}
      {role !== null && <MuteButton room={r} />}
      {role !== null && (
        <button
          type="button"
          className={`btn btn-sm text-nowrap ${membersOpen ? 'btn-secondary' : 'btn-outline-secondary'} members-toggle`}
          onClick={onToggleMembers}
          aria-expanded={membersOpen}
          aria-label={t(membersOpen ? 'members.hide' : 'members.show')}
          data-testid="toggle-members"
        >
          <i className="fa-solid fa-users me-1" aria-hidden="true" />
          <span aria-hidden="true">{room.onlineCount}/{room.memberCount}</span>
        </button>
      )}
      {role !== null && (
        <button
          type="button"
          className="btn btn-sm btn-outline-danger"
          onClick={() => setDialog(role === 'owner' ? 'delete' : 'leave')}
          aria-label={t(role === 'owner' ? 'chat.delete' : 'chat.leave')}
          title={t(role === 'owner' ? 'chat.delete' : 'chat.leave')}
          data-testid={role === 'owner' ? 'delete-room' : 'leave-room'}
        >
          <i className={`fa-solid ${role === 'owner' ? 'fa-trash' : 'fa-right-from-bracket'}`} aria-hidden="true" />
        </button>
      )}
      {dialog === 'invite' && <InviteDialog roomId={room.id} onClose={close} />}
      {dialog === 'leave' && (
        <ConfirmDialog
          title={t('chat.leave')}
          question={t('chat.confirmLeave', { name: room.name })}
          confirmLabel={t('chat.leave')}
          onConfirm={async () => {
            await leave(ctrl, room.id);
            if (room.visibility === 'private') navigate('/');
          }}
          onClose={close}
        />
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={t('chat.delete')}
          question={t('chat.confirmDelete', { name: room.name })}
          confirmLabel={t('chat.delete')}
          danger
          onConfirm={async () => {
            await remove(ctrl, room.id);
            navigate('/');
          }}
          onClose={close}
        />
      )}
    </div>
  );
}
