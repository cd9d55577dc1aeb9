import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, roomPath } from '../../lib/router';
import type { RoomState } from '../../ws/chat-state';
import { unreadLabel } from '../../ws/unread';
import { MentionBadge } from '../chat/MentionBadge';

interface RoomListItemProps {
  room: RoomState;
  active: boolean;
  onOpen(): void;
  onJoin?: () => void;
  joining?: boolean;
}

/** One room in the sidebar: name, visibility, online count, unread count, and Join for rooms not joined. */
export function RoomListItem({ room: r, active, onOpen, onJoin, joining }: RoomListItemProps) {
  const { t } = useTranslation();
  const { room } = r;
  const open = (e: MouseEvent) => {
    e.preventDefault();
    navigate(roomPath(room.id));
    onOpen();
  };
  const unread = r.unread > 0 && room.myRole !== null;
  const muted = room.muted && room.myRole !== null;
  return (
    <li
      className={`room-item d-flex align-items-center${active ? ' active' : ''}${unread ? ' unread' : ''}`}
      data-testid="room-item"
      data-room-name={room.name}
      data-unread={unread ? r.unread : 0}
      data-muted={muted ? 'true' : 'false'}
      data-mentions={room.myRole !== null ? room.mentionCount : 0}
    >
      <a href={roomPath(room.id)} className="room-link d-flex align-items-center gap-2 flex-grow-1 min-w-0 px-3 py-2" aria-current={active ? 'page' : undefined} onClick={open}>
        <i className={`fa-solid ${room.visibility === 'private' ? 'fa-lock' : 'fa-hashtag'} room-icon`} aria-hidden="true" />
        <span className="visually-hidden">{t(room.visibility === 'private' ? 'rooms.private' : 'rooms.public')}</span>
        <span className={`text-truncate flex-grow-1${unread && !muted ? ' fw-bold' : ''}`}>{room.name}</span>
        {muted && (
          <>
            <i className="fa-solid fa-bell-slash room-muted-icon" aria-hidden="true" title={t('rooms.muted')} />
            <span className="visually-hidden">{t('rooms.muted')}</span>
          </>
        )}
        {/* Mentions show in muted rooms too: someone asked for this person by name. */}
        {room.myRole !== null && <MentionBadge count={room.mentionCount} />}
        {unread && (
          <span className={`badge rounded-pill ${muted ? 'unread-badge-muted' : 'text-bg-primary'}`} data-testid="unread-badge">
            <span aria-hidden="true">{unreadLabel(r.unread)}</span>
            <span className="visually-hidden">{t('rooms.unread', { count: r.unread })}</span>
          </span>
        )}
        <span className="small text-body-secondary text-nowrap" title={t('rooms.online', { count: room.onlineCount })} data-testid="room-online-count">
          <i className={`fa-solid fa-circle presence-dot-sm ${room.onlineCount > 0 ? 'text-success' : 'text-secondary'}`} aria-hidden="true" />
          <span className="visually-hidden">{t('rooms.online', { count: room.onlineCount })}</span>
          <span aria-hidden="true"> {room.onlineCount}</span>
        </span>
      </a>
      {onJoin && (
        <button type="button" className="btn btn-sm btn-outline-primary text-nowrap flex-shrink-0 me-2" onClick={onJoin} disabled={joining} aria-label={t('rooms.joinRoom', { name: room.name })} data-testid="join-room">
          {t('rooms.join')}
        </button>
      )}
    </li>
  );
}
