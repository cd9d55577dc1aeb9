import { useTranslation } from 'react-i18next';
import type { RoomState } from '../../ws/chat-state';
import { MuteButton } from '../notifications/MuteButton';
import { DirectAvatars } from './DirectAvatars';
import { useDirectPeople } from './useDirectPeople';

interface DirectHeaderProps {
  room: RoomState;
  membersOpen: boolean;
  onToggleMembers(): void;
}

/**
 * A direct conversation's header: the other people's pictures and names, and for a 1:1 their username
 * and presence. No settings, invites or moderation: the server refuses them in direct conversations.
 */
export function DirectHeader({ room: r, membersOpen, onToggleMembers }: DirectHeaderProps) {
  const { t } = useTranslation();
  const { me, name, peers, only, online } = useDirectPeople(r);
  return (
    <div className="room-header d-flex align-items-center gap-2 border-bottom px-3 py-2" data-testid="direct-header">
      <DirectAvatars peers={peers} online={online} fallback={me} />
      <div className="min-w-0 flex-grow-1">
        <h2 className="h6 mb-0 text-truncate" data-testid="room-title" title={name}>
          <span className="visually-hidden">{t('direct.title')}: </span>
          {name}
        </h2>
        <div className="small text-body-secondary text-truncate" data-testid="direct-subtitle">
          {only ? (
            <>
              @{only.username}
              <span aria-hidden="true"> · </span>
              {t(online ? 'direct.online' : 'direct.offline')}
            </>
          ) : (
            t('direct.people', { count: peers.length + 1 })
          )}
        </div>
      </div>
      <button
        type="button"
        className={`btn btn-sm text-nowrap ${membersOpen ? 'btn-secondary' : 'btn-outline-secondary'} members-toggle`}
        onClick={onToggleMembers}
        aria-expanded={membersOpen}
        aria-label={t(membersOpen ? 'members.hide' : 'members.show')}
        title={t(membersOpen ? 'members.hide' : 'members.show')}
        data-testid="toggle-members"
      >
        <i className="fa-solid fa-users" aria-hidden="true" />
      </button>
      <MuteButton room={r} />
    </div>
  );
}
