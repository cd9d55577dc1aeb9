import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ADMIN_TABS, tabAfterKey, type AdminTab } from './admin-tabs';

const ICONS: Record<AdminTab, string> = {
  dashboard: 'fa-chart-column',
  users: 'fa-users',
  rooms: 'fa-hashtag',
  settings: 'fa-sliders',
  audit: 'fa-clipboard-list',
};

export const tabId = (tab: AdminTab) => `admin-tab-${tab}`;
export const panelId = (tab: AdminTab) => `admin-panel-${tab}`;

/**
 * The WAI-ARIA tabs pattern: one tab stop, arrows (and Home/End) move between tabs and select them.
 * On a phone the row scrolls sideways rather than wrapping.
 */
export function AdminTabs({ active, onSelect }: { active: AdminTab; onSelect(tab: AdminTab): void }) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLDivElement>(null);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    // Arrows move from the focused tab, which a click elsewhere may have left apart from the selected one.
    const focused = ADMIN_TABS.find((tab) => e.target instanceof HTMLElement && e.target.id === tabId(tab));
    const next = tabAfterKey(focused ?? active, e.key);
    if (!next) return;
    e.preventDefault();
    onSelect(next);
    listRef.current?.querySelector<HTMLElement>(`#${tabId(next)}`)?.focus();
  };
  return (
    <div ref={listRef} className="nav nav-underline flex-nowrap admin-tabs px-2 px-sm-3" role="tablist" aria-label={t('adminConsole.tabs')} onKeyDown={onKey}>
      {ADMIN_TABS.map((tab) => (
        <button
          key={tab}
          id={tabId(tab)}
          type="button"
          role="tab"
          className={`nav-link text-nowrap d-flex align-items-center gap-2${tab === active ? ' active' : ''}`}
          aria-selected={tab === active}
          aria-controls={panelId(tab)}
          tabIndex={tab === active ? 0 : -1}
          onClick={() => onSelect(tab)}
          data-testid={`admin-tab-${tab}`}
        >
          <i className={`fa-solid ${ICONS[tab]}`} aria-hidden="true" />
          {t(`adminConsole.tab.${tab}`)}
        </button>
      ))}
    </div>
  );
}
