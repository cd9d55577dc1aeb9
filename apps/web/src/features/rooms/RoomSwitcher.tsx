import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal';
import { navigate, roomPath } from '../../lib/router';
import { unreadLabel } from '../../ws/unread';
import { launchSearch } from '../search/search-launcher';
import { isSearchable, normalizeQuery } from '../search/snippet-segments';
import { useChatState } from '../chat/useChat';
import { switcherEntries, type SwitcherEntry } from './room-filter';
import { directList } from '../direct/direct-list';
import { isDirect } from '../direct/direct-name';
import { useConversationName } from '../direct/useConversationName';

/**
 * Ctrl/Cmd+K: type part of a room's name, move with the arrow keys, Enter opens it. A combobox over
 * a listbox (WAI-ARIA pattern), so focus stays in the input while the highlighted option changes.
 */
export function RoomSwitcher({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const rooms = useChatState((s) => s.rooms);
  const activeRoomId = useChatState((s) => s.activeRoomId);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const listId = useId();
  const me = useChatState((s) => s.me);
  const all = Object.values(rooms);
  const roomEntries = switcherEntries(all.filter((r) => !isDirect(r.room)), query);
  // Direct conversations are named after people, so they match by those names, after the user's rooms.
  const mineCount = roomEntries.filter((e) => e.section === 'mine').length;
  const directs = directList(all, query, me, t('direct.separator')).map((room): SwitcherEntry => ({ room, section: 'mine' }));
  const entries = [...roomEntries.slice(0, mineCount), ...directs, ...roomEntries.slice(mineCount)];
  const index = Math.min(selected, entries.length - 1);
  const optionId = (i: number) => `${listId}-${i}`;
  const searchable = isSearchable(normalizeQuery(query));
  function searchMessages() {
    onClose();
    launchSearch(query);
  }

  function open(entry: SwitcherEntry | undefined) {
    if (!entry) return;
    onClose();
    navigate(roomPath(entry.room.room.id));
    // The room's composer is the natural next stop (it mounts after the navigation renders).
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="composer-input"]')?.focus());
  }

  function onKeyDown(e: KeyboardEvent) {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };
    const step = moves[e.key];
    if (step !== undefined && entries.length > 0) {
      e.preventDefault();
      setSelected((index + step + entries.length) % entries.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // No room by that name: the text is probably something said, so search the messages for it.
      if (entries.length === 0 && searchable) searchMessages();
      else open(entries[index]);
    }
  }

  const sections: Array<{ key: SwitcherEntry['section']; label: string }> = [
    { key: 'mine', label: t('rooms.myRooms') },
    { key: 'discover', label: t('rooms.discover') },
  ];

  return (
    <Modal title={t('switcher.title')} onClose={onClose} testId="room-switcher" bodyClassName="p-0" footer={<small className="text-body-secondary me-auto">{t('switcher.hint')}</small>}>
      <div className="p-3 border-bottom">
        <input
          type="text"
          className="form-control"
          role="combobox"
          aria-label={t('switcher.label')}
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={entries.length > 0 ? optionId(index) : undefined}
          placeholder={t('switcher.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setSelected(0);
          }}
          onKeyDown={onKeyDown}
          autoComplete="off"
          data-testid="switcher-input"
        />
      </div>
      <div id={listId} role="listbox" aria-label={t('switcher.title')} className="switcher-list py-2">
        {entries.length === 0 && <p className="px-3 mb-0 text-body-secondary" role="presentation">{t('switcher.empty')}</p>}
        {sections.map(({ key, label }) => {
          const inSection = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.section === key);
          if (inSection.length === 0) return null;
          return (
            <div role="group" aria-label={label} key={key}>
              <div className="sidebar-heading" aria-hidden="true">{label}</div>
              {inSection.map(({ e, i }) => (
                <SwitcherOption key={e.room.room.id} id={optionId(i)} entry={e} selected={i === index} current={e.room.room.id === activeRoomId} onPick={() => open(e)} onHover={() => setSelected(i)} />
              ))}
            </div>
          );
        })}
      </div>
      {searchable && (
        <div className="border-top px-2 py-2">
          <button type="button" className="btn btn-link text-start text-decoration-none w-100 text-truncate" onClick={searchMessages} data-testid="switcher-search">
            <i className="fa-solid fa-magnifying-glass me-2" aria-hidden="true" />
            {t('search.fromSwitcher', { query: normalizeQuery(query) })}
          </button>
        </div>
      )}
    </Modal>
  );
}

interface SwitcherOptionProps {
  id: string;
  entry: SwitcherEntry;
  selected: boolean;
  current: boolean;
  onPick(): void;
  onHover(): void;
}

function SwitcherOption({ id, entry, selected, current, onPick, onHover }: SwitcherOptionProps) {
  const { t } = useTranslation();
  const { room, unread } = entry.room;
  const showUnread = unread > 0 && room.myRole !== null;
  const name = useConversationName(room);
  const icon = isDirect(room) ? 'fa-user' : room.visibility === 'private' ? 'fa-lock' : 'fa-hashtag';
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      className={`switcher-option d-flex align-items-center gap-2 px-3 py-2${selected ? ' selected' : ''}`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onPick}
      onMouseMove={onHover}
      ref={(el) => {
        if (selected) el?.scrollIntoView({ block: 'nearest' });
      }}
      data-testid="switcher-option"
      data-room-name={name}
    >
      <i className={`fa-solid ${icon} room-icon`} aria-hidden="true" />
      <span className={`text-truncate flex-grow-1${showUnread && !room.muted ? ' fw-bold' : ''}`}>{name}</span>
      {current && <span className="small text-body-secondary">{t('switcher.current')}</span>}
      {room.muted && room.myRole !== null && <i className="fa-solid fa-bell-slash room-muted-icon" aria-hidden="true" />}
      {showUnread && (
        <span className={`badge rounded-pill ${room.muted ? 'unread-badge-muted' : 'text-bg-primary'}`}>
          <span aria-hidden="true">{unreadLabel(unread)}</span>
          <span className="visually-hidden">{t('rooms.unread', { count: unread })}</span>
        </span>
      )}
    </div>
  );
}
