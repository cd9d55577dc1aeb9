import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Avatar as AvatarImages, Member } from '@parley/protocol';
import { Avatar } from '../../components/Avatar';
import { useErrorText } from '../../components/useErrorText';
import type { RoomState } from '../../ws/chat-state';
import { loadMembers } from '../../ws/room-actions';
import { useChatController } from '../chat/useChat';

interface MemberPanelProps {
  room: RoomState;
  meId: string;
  /** The signed-in user's current picture: the loaded member list may predate a change. */
  myAvatar: AvatarImages | undefined;
  connected: boolean;
  open: boolean;
  onClose(): void;
}

/** Members with presence dots: a column on extra-wide screens, an off-canvas drawer below that. */
export function MemberPanel({ room: r, meId, myAvatar, connected, open, onClose }: MemberPanelProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const [error, setError] = useState<string | undefined>();
  const roomId = r.room.id;
  const memberCount = r.room.memberCount;

  useEffect(() => {
    // Reloaded when the count changes, so names and roles of newcomers are right.
    loadMembers(ctrl, roomId).then(
      () => setError(undefined),
      (err: unknown) => setError(errorText(err)),
    );
  }, [ctrl, roomId, memberCount, errorText]);

  const isOnline = (m: Member) => (m.user.id === meId ? connected : r.subscribed ? r.onlineUserIds.includes(m.user.id) : m.online);
  const members = [...(r.members ?? [])].sort(
    (a, b) => Number(isOnline(b)) - Number(isOnline(a)) || a.user.displayName.localeCompare(b.user.displayName),
  );

  return (
    <>
      <aside className={`offcanvas-xl offcanvas-end member-panel border-start${open ? ' show' : ' d-xl-none'}`} tabIndex={-1} aria-label={t('members.title')} data-testid="member-panel">
        <div className="offcanvas-header border-bottom py-2">
          <h2 className="offcanvas-title h6 mb-0">
            {t('members.title')} <span className="text-body-secondary">({r.room.memberCount})</span>
          </h2>
          <button type="button" className="btn-close d-xl-none" aria-label={t('members.hide')} onClick={onClose} />
        </div>
        <div className="offcanvas-body p-0 d-block overflow-auto">
          {error && <div className="alert alert-danger m-2 py-2 small" role="alert">{error}</div>}
          {!r.members && !error && <p className="p-3 small text-body-secondary">{t('members.loading')}</p>}
          <ul className="list-unstyled mb-0 py-1">
            {members.map((m) => {
              const online = isOnline(m);
              return (
                <li key={m.user.id} className="d-flex align-items-center gap-2 px-3 py-1" data-testid="member" data-username={m.user.username} data-online={online ? 'true' : 'false'}>
                  <span className="position-relative">
                    <Avatar userId={m.user.id} name={m.user.displayName} avatar={m.user.id === meId ? myAvatar : m.user.avatar} />
                    <span className={`presence-dot ${online ? 'bg-success' : 'bg-secondary'}`} title={t(online ? 'members.online' : 'members.offline')} />
                  </span>
                  <span className={`text-truncate flex-grow-1${online ? '' : ' text-body-secondary'}`}>
                    {m.user.displayName}
                    <span className="visually-hidden">, {t(online ? 'members.online' : 'members.offline')}</span>
                  </span>
                  {m.role !== 'member' && <span className="badge bg-secondary-subtle text-secondary-emphasis border small">{t(`members.role.${m.role}`)}</span>}
                </li>
              );
            })}
          </ul>
        </div>
      </aside>
      {open && <div className="offcanvas-backdrop fade show d-xl-none" onClick={onClose} aria-hidden="true" />}
    </>
  );
}
