import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, roomPath } from '../../lib/router';
import type { RoomState } from '../../ws/chat-state';
import { unreadLabel } from '../../ws/unread';
import { DirectAvatars } from './DirectAvatars';
import { useDirectPeople } from './useDirectPeople';

/** One direct conversation in the sidebar: the other people's pictures and names, and the unread count. */
export function DirectListItem({ room: r, active, onOpen }: { room: RoomState; active: boolean; onOpen(): void }) {
  const { t } = useTranslation();
  const { me, name, peers, online } = useDirectPeople(r);
  const unread = r.unread > 0;
  const muted = r.room.muted;
  const open = (e: MouseEvent) => {
    e.preventDefault();
    navigate(roomPath(r.room.id));
    onOpen();
  };
  return (
    <li className={`room-item d-flex align-items-center${active ? ' active' : ''}${unread ? ' unread' : ''}`} data-testid="direct-item" data-name={name} data-unread={r.unread}>
      <a href={roomPath(r.room.id)} className="room-link d-flex align-items-center gap-2 flex-grow-1 min-w-0 px-3 py-1" aria-current={active ? 'page' : undefined} onClick={open}>
        <DirectAvatars peers={peers} online={online} fallback={me} />
        <span className={`text-truncate flex-grow-1${unread && !muted ? ' fw-bold' : ''}`} title={name}>{name}</span>
        {online !== undefined && <span className="visually-hidden">{t(online ? 'direct.online' : 'direct.offline')}</span>}
        {muted && (
          <>
            <i className="fa-solid fa-bell-slash room-muted-icon" aria-hidden="true" title={t('rooms.muted')} />
            <span className="visually-hidden">{t('rooms.muted')}</span>
          </>
        )}
        {/* Every message here is addressed to the user, so the count is red like a mention's (as in Slack). */}
        {unread && (
          <span className={`badge rounded-pill ${muted ? 'unread-badge-muted' : 'text-bg-danger'}`} data-testid="unread-badge">
            <span aria-hidden="true">{unreadLabel(r.unread)}</span>
            <span className="visually-hidden">{t('rooms.unread', { count: r.unread })}</span>
          </span>
        )}
      </a>
    </li>
  );
}
