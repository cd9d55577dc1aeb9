import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@parley/protocol';
import { NotificationToggle } from '../features/notifications/NotificationToggle';
import { onSearchLaunch } from '../features/search/search-launcher';
import { useSearchShortcut } from '../features/search/useSearchShortcut';
import { useInstanceName } from '../features/instance/useInstance';
import type { ConnectionState } from '../ws/chat-state';
import { ConnectionBadge } from './ConnectionBadge';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

interface TopBarProps {
  me: User;
  connection: ConnectionState;
  onOpenSidebar(): void;
  onOpenSwitcher(): void;
  onLogout(): void;
}

/** Apple keyboards say ⌘K, everyone else Ctrl+K. */
const SWITCHER_KEYS = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘K' : 'Ctrl+K';
const SEARCH_KEYS = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘⇧F' : 'Ctrl+Shift+F';
/** Loaded on first use: most sessions never search, and the initial bundle has a budget. */
const SearchDialog = lazy(() => import('../features/search/SearchDialog').then((m) => ({ default: m.SearchDialog })));

export function TopBar({ me, connection, onOpenSidebar, onOpenSwitcher, onLogout }: TopBarProps) {
  const { t } = useTranslation();
  const instanceName = useInstanceName();
  /** The open search dialog and the text it starts with; undefined when closed. */
  const [search, setSearch] = useState<{ query: string } | undefined>();
  useSearchShortcut(() => setSearch({ query: '' }));
  useEffect(() => onSearchLaunch((query) => setSearch({ query })), []);
  return (
    <header className="navbar border-bottom bg-body-tertiary px-2 px-sm-3 py-1 flex-nowrap top-bar">
      <button type="button" className="btn btn-link nav-link px-2 d-lg-none" aria-label={t('rooms.openSidebar')} onClick={onOpenSidebar} data-testid="open-sidebar">
        <i className="fa-solid fa-bars fa-lg" aria-hidden="true" />
      </button>
      <span className="navbar-brand d-flex align-items-center gap-2 me-auto">
        <i className="fa-solid fa-comments text-primary" aria-hidden="true" />
        {/* On a phone the bar needs the room for its buttons; the logo still says where you are. */}
        <span className="d-none d-sm-inline-block text-truncate" style={{ maxWidth: '16rem' }} data-testid="instance-name">{instanceName}</span>
      </span>
      <div className="d-flex align-items-center gap-1 gap-sm-2">
        <ConnectionBadge state={connection} />
        <button
          type="button"
          className="btn btn-link nav-link px-2 d-flex align-items-center gap-2 search-open"
          onClick={() => setSearch({ query: '' })}
          aria-keyshortcuts="/ Control+Shift+F Meta+Shift+F"
          title={`${t('search.open')} (/, ${SEARCH_KEYS})`}
          data-testid="open-search"
        >
          <i className="fa-solid fa-magnifying-glass" aria-hidden="true" />
          <span className="d-none d-md-inline">{t('search.open')}</span>
          <span className="visually-hidden d-md-none">{t('search.open')}</span>
          <kbd className="switcher-kbd d-none d-lg-inline">/</kbd>
        </button>
        <button
          type="button"
          className="btn btn-link nav-link px-2 d-flex align-items-center gap-1"
          onClick={onOpenSwitcher}
          aria-keyshortcuts="Control+K Meta+K"
          title={`${t('switcher.open')} (${SWITCHER_KEYS})`}
          data-testid="open-switcher"
        >
          <i className="fa-solid fa-hashtag" aria-hidden="true" />
          <span className="visually-hidden">{t('switcher.open')}</span>
          <kbd className="switcher-kbd d-none d-md-inline">{SWITCHER_KEYS}</kbd>
        </button>
        <NotificationToggle />
        <ThemeToggle />
        <UserMenu me={me} onLogout={onLogout} />
      </div>
      {search && (
        <Suspense fallback={null}>
          <SearchDialog initialQuery={search.query} onClose={() => setSearch(undefined)} />
        </Suspense>
      )}
    </header>
  );
}
