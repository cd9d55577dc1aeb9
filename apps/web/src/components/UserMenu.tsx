import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@parley/protocol';
import { AuditLogDialog } from '../features/audit/AuditLogDialog';
import { useIsAdmin } from '../features/audit/useIsAdmin';
import { openAdminConsole, useAdminTab } from '../features/admin/useAdminRoute';
import { ProfileDialog } from '../features/profile/ProfileDialog';
import { Avatar } from './Avatar';
import { LanguageSelect } from './LanguageSelect';

/** Only instance admins ever load the console's chunk (its charts, forms and styles). */
const AdminConsole = lazy(() => import('../features/admin/AdminConsole').then((m) => ({ default: m.AdminConsole })));

/** The account menu: who is signed in, their status, the language, the profile dialog, and sign-out. */
export function UserMenu({ me, onLogout }: { me: User; onLogout(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [profileOpen, setProfileOpen] = useState(false);
  const [auditOpen, setAuditOpen] = useState(false);
  const isAdmin = useIsAdmin(me.id);
  const adminTab = useAdminTab();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  /** A menu item's action, closing the menu first. */
  const choose = (action: () => void) => () => {
    setOpen(false);
    action();
  };

  return (
    <div className="dropdown" ref={ref}>
      <button
        type="button"
        className="btn btn-link nav-link px-2 d-flex align-items-center gap-2"
        aria-expanded={open}
        aria-haspopup="true"
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar userId={me.id} name={me.displayName} avatar={me.avatar} size="sm" />
        <span className="d-none d-md-inline text-truncate user-menu-name">{me.displayName}</span>
        <span className="visually-hidden d-md-none">{t('auth.signedInAs', { name: me.displayName })}</span>
      </button>
      {open && (
        <div className="dropdown-menu dropdown-menu-end show user-menu p-2">
          <p className="small text-body-secondary px-2 mb-2 text-truncate">{t('auth.signedInAs', { name: `${me.displayName} (@${me.username})` })}</p>
          {me.statusText && (
            <p className="small px-2 mb-2 text-truncate" title={me.statusText} data-testid="user-menu-status">
              <i className="fa-regular fa-comment-dots me-1 text-body-secondary" aria-hidden="true" />
              {me.statusText}
            </p>
          )}
          <label className="form-label small px-2 mb-1" htmlFor="user-menu-lang">{t('settings.language')}</label>
          <div className="px-2 mb-2">
            <LanguageSelect id="user-menu-lang" />
          </div>
          <hr className="dropdown-divider" />
          <MenuItem icon="fa-user-pen" label={t('profileEdit.menu')} testId="open-profile" onSelect={choose(() => setProfileOpen(true))} />
          {isAdmin && <MenuItem icon="fa-screwdriver-wrench" label={t('adminConsole.menu')} testId="open-admin-console" onSelect={choose(openAdminConsole)} />}
          {isAdmin && <MenuItem icon="fa-clipboard-list" label={t('audit.openInstance')} testId="open-instance-audit" onSelect={choose(() => setAuditOpen(true))} />}
          <MenuItem icon="fa-right-from-bracket" label={t('auth.logout')} testId="logout" onSelect={onLogout} />
        </div>
      )}
      {profileOpen && <ProfileDialog me={me} onClose={() => setProfileOpen(false)} />}
      {auditOpen && <AuditLogDialog scope={{ kind: 'instance' }} onClose={() => setAuditOpen(false)} />}
      {isAdmin && adminTab && (
        <Suspense fallback={null}>
          <AdminConsole me={me} tab={adminTab} />
        </Suspense>
      )}
    </div>
  );
}

function MenuItem({ icon, label, testId, onSelect }: { icon: string; label: string; testId: string; onSelect(): void }) {
  return (
    <button type="button" className="dropdown-item rounded" onClick={onSelect} data-testid={testId}>
      <i className={`fa-solid ${icon} me-2`} aria-hidden="true" />
      {label}
    </button>
  );
}
