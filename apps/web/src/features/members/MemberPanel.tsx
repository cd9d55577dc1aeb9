import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Avatar as AvatarImages, Member } from '@parley/protocol';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useErrorText } from '../../components/useErrorText';
import type { RoomState } from '../../ws/chat-state';
import { changeRole, kick, loadMembers } from '../../ws/room-actions';
import { useChatController, useChatState } from '../chat/useChat';
import { openDirect } from '../direct/direct-api';
import { isDirect } from '../direct/direct-name';
import { BanDialog } from './BanDialog';
import { MemberRow } from './MemberRow';
import { permissionsOver, sortMembers } from './member-rules';
import { staleProfileKey } from './stale-profile-key';

interface MemberPanelProps {
  room: RoomState;
  meId: string;
  /** The signed-in user's current picture: the loaded member list may predate a change. */
  myAvatar: AvatarImages | undefined;
  connected: boolean;
  open: boolean;
  onClose(): void;
}

/** Below this width the panel is an off-canvas drawer over the room (Bootstrap's `xl`). */
const WIDE = '(min-width: 1200px)';

/**
 * Members with presence, status lines, role badges and the actions the caller's role allows: a column
 * on extra-wide screens, an off-canvas drawer below that (Escape closes it).
 */
export function MemberPanel({ room: r, meId, myAvatar, connected, open, onClose }: MemberPanelProps) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const me = useChatState((s) => s.me);
  const [error, setError] = useState<string | undefined>();
  const [removing, setRemoving] = useState<Member | undefined>();
  const [banning, setBanning] = useState<Member | undefined>();
  const closeRef = useRef<HTMLButtonElement>(null);
  const roomId = r.room.id;
  const memberCount = r.room.memberCount;
  const staleKey = staleProfileKey(r);
  // ChatPane passes an inline closure; the drawer's key and focus handling should follow `open` only.
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  const refresh = useCallback(() => {
    loadMembers(ctrl, roomId).then(
      () => setError(undefined),
      (err: unknown) => setError(errorText(err)),
    );
  }, [ctrl, roomId, errorText]);

  // Profiles change without a system message, so the list is read again whenever it is shown, when the
  // count changes, when a message shows a sender under a newer name or picture, and when the tab returns.
  useEffect(() => {
    if (open) refresh();
  }, [open, refresh, memberCount, staleKey]);

  useEffect(() => {
    if (!open) return;
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [open, refresh]);

  // As a drawer it behaves like one: focus moves in, Escape closes it, focus goes back after.
  useEffect(() => {
    if (!open || window.matchMedia(WIDE).matches) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      // A dialog above the drawer (remove confirmation) takes its own Escape.
      if (e.key === 'Escape' && !e.defaultPrevented && !document.body.classList.contains('modal-open')) onCloseRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (previous?.isConnected) previous.focus();
    };
  }, [open]);

  const isOnline = (m: Member) => (m.user.id === meId ? connected : r.subscribed ? r.onlineUserIds.includes(m.user.id) : m.online);
  // My own row follows my profile at once; the loaded list may predate an edit.
  const withMe = (r.members ?? []).map((m) =>
    m.user.id === meId ? { ...m, statusText: me.statusText, user: { ...m.user, displayName: me.displayName, avatar: myAvatar } } : m,
  );
  const members = sortMembers(withMe, isOnline, i18n.language);
  const myRole = r.room.myRole;

  // Nobody moderates a direct conversation: the server refuses, so the actions are not offered.
  const direct = isDirect(r.room);
  const noActions = { promote: false, demote: false, remove: false, ban: false };
  function message(m: Member) {
    setError(undefined);
    openDirect(ctrl, [m.user.id]).catch((err: unknown) => setError(errorText(err)));
  }

  function setRole(m: Member, role: 'admin' | 'member') {
    setError(undefined);
    changeRole(ctrl, roomId, m.user.id, role).catch((err: unknown) => setError(errorText(err)));
  }

  return (
    <>
      <aside className={`offcanvas-xl offcanvas-end member-panel border-start${open ? ' show' : ' d-xl-none'}`} tabIndex={-1} aria-label={t('members.title')} data-testid="member-panel">
        <div className="offcanvas-header border-bottom py-2">
          <h2 className="offcanvas-title h6 mb-0">
            {t('members.title')} <span className="text-body-secondary">({r.room.memberCount})</span>
          </h2>
          <button ref={closeRef} type="button" className="btn-close d-xl-none" aria-label={t('members.hide')} onClick={onClose} data-testid="close-members" />
        </div>
        <div className="offcanvas-body p-0 d-block overflow-auto">
          {error && (
            <div className="alert alert-danger alert-dismissible m-2 py-2 small" role="alert" data-testid="member-error">
              {error}
              <button type="button" className="btn-close btn-sm py-2" aria-label={t('notice.dismiss')} onClick={() => setError(undefined)} />
            </div>
          )}
          {!r.members && !error && <p className="p-3 small text-body-secondary">{t('members.loading')}</p>}
          <ul className="list-unstyled mb-0 py-1">
            {members.map((m) => (
              <MemberRow
                key={m.user.id}
                member={m}
                online={isOnline(m)}
                isMe={m.user.id === meId}
                can={direct ? noActions : permissionsOver(myRole, meId, m)}
                onMessage={m.user.id === meId ? undefined : () => message(m)}
                onRole={(role) => setRole(m, role)}
                onRemove={() => setRemoving(m)}
                onBan={() => setBanning(m)}
              />
            ))}
          </ul>
        </div>
      </aside>
      {open && <div className="offcanvas-backdrop fade show d-xl-none" onClick={onClose} aria-hidden="true" />}
      {removing && (
        <ConfirmDialog
          title={t('memberActions.confirmRemoveTitle')}
          question={t(r.room.visibility === 'private' ? 'memberActions.confirmRemovePrivate' : 'memberActions.confirmRemove', {
            name: removing.user.displayName,
            room: r.room.name,
          })}
          confirmLabel={t('memberActions.remove')}
          danger
          onConfirm={() => kick(roomId, removing.user.id)}
          onClose={() => setRemoving(undefined)}
        />
      )}
      {banning && <BanDialog roomId={roomId} roomName={r.room.name} member={banning} onClose={() => setBanning(undefined)} />}
    </>
  );
}
