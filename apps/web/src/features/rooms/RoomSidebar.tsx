import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../components/useErrorText';
import { navigate, roomPath } from '../../lib/router';
import { joinAndFollow } from '../../ws/room-actions';
import { useChatController, useChatState } from '../chat/useChat';
import { DirectListItem } from '../direct/DirectListItem';
import { directList } from '../direct/direct-list';
import { isDirect } from '../direct/direct-name';
import { NewDirectDialog } from '../direct/NewDirectDialog';
import { sidebarLists } from './room-filter';
import { RoomListItem } from './RoomListItem';
import { useDrawerFocus } from './useDrawerFocus';

interface RoomSidebarProps {
  open: boolean;
  onClose(): void;
  onCreate(): void;
  onJoinInvite(): void;
}

/** Below Bootstrap's lg breakpoint the sidebar is an off-canvas drawer. */
const DRAWER = '(max-width: 991.98px)';

/** The room list: a fixed column on wide screens, an off-canvas drawer below Bootstrap's lg. */
export function RoomSidebar({ open, onClose, onCreate, onJoinInvite }: RoomSidebarProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const rooms = useChatState((s) => s.rooms);
  const loaded = useChatState((s) => s.roomsLoaded);
  const activeRoomId = useChatState((s) => s.activeRoomId);
  const [joining, setJoining] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const [newDirect, setNewDirect] = useState(false);
  const me = useChatState((s) => s.me);
  const asideRef = useRef<HTMLElement>(null);
  const filterId = useId();
  useDrawerFocus(open, onClose, () => asideRef.current, DRAWER);

  const all = Object.values(rooms);
  const { mine, discover } = sidebarLists(all.filter((r) => !isDirect(r.room)), query);
  const directs = directList(all, query, me, t('direct.separator'));
  const filtering = query.trim() !== '';

  async function join(roomId: string) {
    setJoining(roomId);
    setError(undefined);
    try {
      await joinAndFollow(ctrl, roomId);
      navigate(roomPath(roomId));
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setJoining(undefined);
    }
  }

  return (
    <>
      <aside ref={asideRef} className={`offcanvas-lg offcanvas-start sidebar border-end${open ? ' show' : ''}`} tabIndex={-1} aria-label={t('rooms.title')} data-testid="sidebar">
        <div className="offcanvas-header border-bottom d-lg-none py-2">
          <h2 className="offcanvas-title h5">{t('rooms.title')}</h2>
          <button type="button" className="btn-close" aria-label={t('rooms.closeSidebar')} onClick={onClose} />
        </div>
        <div className="offcanvas-body d-flex flex-column p-0 w-100 min-h-0">
          <div className="p-2 d-flex gap-2 border-bottom">
            <button type="button" className="btn btn-primary btn-sm flex-grow-1" onClick={onCreate} data-testid="create-room">
              <i className="fa-solid fa-plus me-1" aria-hidden="true" />
              {t('rooms.create')}
            </button>
            <button type="button" className="btn btn-outline-secondary btn-sm flex-grow-1" onClick={onJoinInvite} data-testid="join-invite">
              <i className="fa-solid fa-link me-1" aria-hidden="true" />
              {t('rooms.joinWithInvite')}
            </button>
          </div>
          <div className="px-2 pt-2">
            <label htmlFor={filterId} className="visually-hidden">{t('rooms.filter')}</label>
            <div className="position-relative">
              <i className="fa-solid fa-magnifying-glass sidebar-filter-icon" aria-hidden="true" />
              <input
                id={filterId}
                type="search"
                className="form-control form-control-sm sidebar-filter"
                placeholder={t('rooms.filterPlaceholder')}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                onKeyDown={(e) => {
                  // Escape empties the box first; a second one (box empty) may close the drawer.
                  if (e.key === 'Escape' && query !== '') {
                    e.preventDefault();
                    setQuery('');
                  }
                }}
                autoComplete="off"
                data-testid="room-filter"
              />
            </div>
          </div>
          {error && <div className="alert alert-danger m-2 py-2 small" role="alert">{error}</div>}
          <nav className="flex-grow-1 overflow-auto py-2" aria-label={t('rooms.title')}>
            {(!filtering || mine.length > 0) && <h3 className="sidebar-heading">{t('rooms.myRooms')}</h3>}
            {!loaded && <p className="px-3 small text-body-secondary">{t('rooms.loading')}</p>}
            {loaded && mine.length === 0 && !filtering && <p className="px-3 small text-body-secondary">{t('rooms.noRooms')}</p>}
            {filtering && mine.length === 0 && discover.length === 0 && directs.length === 0 && (
              <p className="px-3 small text-body-secondary" role="status" data-testid="no-room-matches">{t('rooms.noMatches', { query: query.trim() })}</p>
            )}
            <ul className="list-unstyled mb-3" data-testid="my-rooms">
              {mine.map((r) => (
                <RoomListItem key={r.room.id} room={r} active={r.room.id === activeRoomId} onOpen={onClose} />
              ))}
            </ul>
            {(!filtering || discover.length > 0) && <h3 className="sidebar-heading">{t('rooms.discover')}</h3>}
            {loaded && discover.length === 0 && !filtering && <p className="px-3 small text-body-secondary">{t('rooms.noPublicRooms')}</p>}
            <ul className="list-unstyled" data-testid="public-rooms">
              {discover.map((r) => (
                <RoomListItem
                  key={r.room.id}
                  room={r}
                  active={r.room.id === activeRoomId}
                  onOpen={onClose}
                  onJoin={() => void join(r.room.id)}
                  joining={joining === r.room.id}
                />
              ))}
            </ul>
            {(!filtering || directs.length > 0) && (
              <div className="d-flex align-items-center pe-2 mt-3">
                <h3 className="sidebar-heading flex-grow-1 mb-0">{t('direct.title')}</h3>
                <button type="button" className="btn btn-sm btn-link text-body-secondary py-0" onClick={() => setNewDirect(true)} aria-label={t('direct.new')} title={t('direct.new')} data-testid="new-direct">
                  <i className="fa-solid fa-plus" aria-hidden="true" />
                </button>
              </div>
            )}
            {loaded && directs.length === 0 && !filtering && <p className="px-3 small text-body-secondary">{t('direct.none')}</p>}
            <ul className="list-unstyled" data-testid="direct-rooms">
              {directs.map((r) => (
                <DirectListItem key={r.room.id} room={r} active={r.room.id === activeRoomId} onOpen={onClose} />
              ))}
            </ul>
          </nav>
        </div>
      </aside>
      {open && <div className="offcanvas-backdrop fade show d-lg-none" onClick={onClose} aria-hidden="true" />}
      {newDirect && <NewDirectDialog onClose={() => setNewDirect(false)} onOpened={onClose} />}
    </>
  );
}
