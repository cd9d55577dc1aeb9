import '../../styles/admin.css';
import { useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { User } from '@parley/protocol';
import { navigate, roomPath } from '../../lib/router';
import { AuditLogView } from '../audit/AuditLogView';
import { useInstanceName } from '../instance/useInstance';
import type { AdminTab } from './admin-tabs';
import { AdminTabs, panelId, tabId } from './AdminTabs';
import { DashboardTab } from './dashboard/DashboardTab';
import { RoomsTab } from './rooms/RoomsTab';
import { SettingsTab } from './settings/SettingsTab';
import { UsersTab } from './users/UsersTab';
import { closeAdminConsole, selectAdminTab } from './useAdminRoute';

/**
 * The instance admin console: a full-screen layer over the chat (it works on a phone), one tab at a
 * time. Loaded on demand, so people who are not admins never download it. Escape or Back closes it.
 */
export function AdminConsole({ me, tab }: { me: User; tab: AdminTab }) {
  const { t } = useTranslation();
  const instanceName = useInstanceName();
  const titleId = useId();
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    rootRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
    const onKey = (e: KeyboardEvent) => {
      // A dialog opened from a tab (a confirmation, say) takes its own Escape.
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('.modal[aria-modal="true"]')) return;
      closeAdminConsole();
    };
    // The chat's Ctrl/Cmd+K switcher would open under the inert app, unreachable: it waits until the console closes.
    const holdChatShortcuts = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') e.stopPropagation();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('keydown', holdChatShortcuts, true);
    document.body.classList.add('admin-console-open');
    // The chat underneath takes no focus or clicks while the console covers it (Tab stays in here).
    const app = document.getElementById('root');
    app?.setAttribute('inert', '');
    return () => {
      app?.removeAttribute('inert');
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('keydown', holdChatShortcuts, true);
      document.body.classList.remove('admin-console-open');
      // The menu item that opened the console is gone with its menu: fall back to the menu button.
      const target = previous?.isConnected ? previous : document.querySelector<HTMLElement>('[data-testid="user-menu"]');
      target?.focus();
    };
  }, []);

  // Outside #root, so making the app inert leaves the console alone.
  return createPortal(
    <div ref={rootRef} className="admin-console" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="admin-console">
      <header className="admin-console-header d-flex align-items-center gap-2 px-2 px-sm-3 py-2 bg-body-tertiary">
        <i className="fa-solid fa-screwdriver-wrench text-primary" aria-hidden="true" />
        <h1 className="h5 mb-0 text-truncate" id={titleId}>{t('adminConsole.title')}</h1>
        <span className="text-body-secondary small text-truncate d-none d-sm-inline" data-testid="admin-instance-name">{instanceName}</span>
        <button type="button" className="btn-close ms-auto" aria-label={t('adminConsole.close')} title={t('adminConsole.close')} onClick={closeAdminConsole} data-testid="admin-close" />
      </header>
      <AdminTabs active={tab} onSelect={selectAdminTab} />
      <div className="admin-console-body" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)} tabIndex={-1} data-testid={`admin-panel-${tab}`}>
        <div className="container-xl py-3 px-2 px-sm-3">
          {tab === 'dashboard' && <DashboardTab />}
          {tab === 'users' && <UsersTab me={me} />}
          {tab === 'rooms' && <RoomsTab onOpenRoom={(id) => navigate(roomPath(id), { replace: true })} />}
          {tab === 'settings' && <SettingsTab />}
          {tab === 'audit' && (
            <section aria-label={t('audit.instanceTitle')}>
              <h2 className="h5 mb-3">{t('audit.instanceTitle')}</h2>
              <AuditLogView scope={{ kind: 'instance' }} />
            </section>
          )}
        </div>
      </div>
    </div>,
    document.body,
  );
}
