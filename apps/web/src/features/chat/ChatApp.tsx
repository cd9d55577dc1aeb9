import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@parley/protocol';
import { logout } from '../../api/auth';
import { clearSession } from '../../api/session-store';
import { NoticeToasts } from '../../components/NoticeToasts';
import { TopBar } from '../../components/TopBar';
import { browserStore } from '../../lib/key-value-store';
import { reportError } from '../../lib/report';
import { navigate, roomPath } from '../../lib/router';
import { useRoute } from '../../lib/useRoute';
import { ChatController } from '../../ws/chat-controller';
import { documentTitle, totalUnread } from '../../ws/unread';
import { startDesktopNotifications } from '../notifications/desktop-notifier';
import { NotificationBanner } from '../notifications/NotificationBanner';
import { adjacentRoomId } from '../rooms/room-filter';
import { RoomSwitcher } from '../rooms/RoomSwitcher';
import { AttachmentsContext } from '../attachments/attachments-context';
import { createAttachmentServices, disposeAttachmentServices } from '../attachments/attachment-services';
import { saveOutbox } from '../../ws/outbox';
import { CreateRoomDialog } from '../rooms/CreateRoomDialog';
import { inviteLink } from '../rooms/invite-link';
import { JoinInviteDialog } from '../rooms/JoinInviteDialog';
import { RoomSidebar } from '../rooms/RoomSidebar';
import { ChatContext } from './chat-context';
import { ChatPane } from './ChatPane';
import { useInstanceName } from '../instance/useInstance';

type Dialog = { kind: 'create' } | { kind: 'join'; link: string } | { kind: 'switcher' } | undefined;

/** The signed-in app: owns the ChatController for this user and lays out bar, sidebar and room. */
export function ChatApp({ me }: { me: User }) {
  const { t } = useTranslation();
  const [ctrl] = useState(() => new ChatController({ me, storage: browserStore(), onSignedOut: clearSession }));
  const [attachments] = useState(createAttachmentServices);
  const state = useSyncExternalStore(ctrl.store.subscribe, ctrl.store.get);
  const route = useRoute();
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog>();

  useEffect(() => {
    ctrl.start();
    return () => ctrl.stop();
  }, [ctrl]);

  useEffect(() => () => disposeAttachmentServices(attachments), [attachments]);

  // The translator is read through a ref, so a language switch does not restart the notifier.
  const tRef = useRef(t);
  tRef.current = t;
  useEffect(() => startDesktopNotifications(ctrl, (key, values) => tRef.current(key, values)), [ctrl]);

  const unread = totalUnread(state);
  const appName = useInstanceName();
  useEffect(() => {
    document.title = documentTitle(appName, unread);
    return () => {
      document.title = appName;
    };
  }, [appName, unread]);

  // Ctrl+K (Cmd+K on a Mac) opens the room switcher from anywhere, the composer included;
  // Alt+Up/Down walks my rooms in sidebar order, Alt+Shift+Up/Down only the unread ones.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        setDialog((d) => (d?.kind === 'switcher' ? undefined : d ?? { kind: 'switcher' }));
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const s = ctrl.store.get();
      const next = adjacentRoomId(Object.values(s.rooms), s.activeRoomId, e.key === 'ArrowDown' ? 1 : -1, e.shiftKey);
      if (!next) return;
      e.preventDefault();
      navigate(roomPath(next));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ctrl]);

  // A new avatar arrives through the stored session; the model shows it on pending messages.
  useEffect(() => ctrl.setMe(me), [ctrl, me]);

  const routeRoomId = route.name === 'room' ? route.roomId : undefined;
  useEffect(() => ctrl.selectRoom(routeRoomId), [ctrl, routeRoomId]);

  // An opened invite link becomes the join dialog, prefilled; the URL goes back to a plain one.
  useEffect(() => {
    if (route.name !== 'invite') return;
    setDialog({ kind: 'join', link: inviteLink(location.origin, route.roomId, route.code) });
    navigate('/', { replace: true });
  }, [route]);

  // The open room disappeared (deleted, or a private room we were removed from).
  const activeGone = routeRoomId !== undefined && state.roomsLoaded && !state.rooms[routeRoomId];
  useEffect(() => {
    if (activeGone) navigate('/', { replace: true });
  }, [activeGone]);

  async function signOut() {
    ctrl.stop();
    disposeAttachmentServices(attachments);
    // A shared computer must not keep unsent messages of someone who signed out.
    saveOutbox(browserStore(), me.id, []);
    try {
      await logout();
    } catch (err) {
      reportError('logout failed', err);
    }
  }

  const active = routeRoomId ? state.rooms[routeRoomId] : undefined;

  return (
    <ChatContext.Provider value={ctrl}>
      <AttachmentsContext.Provider value={attachments}>
        <div className="chat-app d-flex flex-column">
          <TopBar
            me={me}
            connection={state.connection}
            onOpenSidebar={() => setSidebarOpen(true)}
            onOpenSwitcher={() => setDialog({ kind: 'switcher' })}
            onLogout={() => void signOut()}
          />
          <NotificationBanner />
          <div className="d-flex flex-grow-1 min-h-0">
            <RoomSidebar
              open={sidebarOpen}
              onClose={() => setSidebarOpen(false)}
              onCreate={() => setDialog({ kind: 'create' })}
              onJoinInvite={() => setDialog({ kind: 'join', link: '' })}
            />
            <main className="d-flex flex-column flex-grow-1 min-w-0">
              {active ? (
                <ChatPane key={active.room.id} roomId={active.room.id} />
              ) : (
                <div className="m-auto text-center text-body-secondary p-4" data-testid="no-room">
                  <i className="fa-regular fa-comments fa-3x mb-3 d-block opacity-50" aria-hidden="true" />
                  <p className="h5">{t('chat.welcome', { name: me.displayName })}</p>
                  <p className="mb-3">{t('chat.selectRoom')}</p>
                  <button type="button" className="btn btn-outline-primary d-lg-none" onClick={() => setSidebarOpen(true)}>
                    <i className="fa-solid fa-bars me-2" aria-hidden="true" />
                    {t('rooms.openSidebar')}
                  </button>
                </div>
              )}
            </main>
          </div>
          <NoticeToasts notices={state.notices} onDismiss={(id) => ctrl.store.update((s) => ({ ...s, notices: s.notices.filter((n) => n.id !== id) }))} />
          {dialog?.kind === 'create' && <CreateRoomDialog onClose={() => setDialog(undefined)} />}
          {dialog?.kind === 'join' && <JoinInviteDialog initialLink={dialog.link} onClose={() => setDialog(undefined)} />}
          {dialog?.kind === 'switcher' && (
            <RoomSwitcher
              onClose={() => {
                setDialog(undefined);
                setSidebarOpen(false);
              }}
            />
          )}
        </div>
      </AttachmentsContext.Provider>
    </ChatContext.Provider>
  );
}
