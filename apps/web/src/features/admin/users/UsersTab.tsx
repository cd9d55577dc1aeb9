import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, User } from '@parley/protocol';
import { useSession } from '../../../api/useSession';
import { fetchAdminUsers, type AdminUsersFilter } from './admin-users-api';
import { useDebouncedValue } from './useDebouncedValue';
import { usePagedList } from './usePagedList';
import { UserRow } from './UserRow';
import './admin-lists.css';

const FILTERS: ReadonlyArray<{ value: AdminUsersFilter; label: string }> = [
  { value: 'all', label: 'adminUsers.filterAll' },
  { value: 'admins', label: 'adminUsers.filterAdmins' },
  { value: 'disabled', label: 'adminUsers.filterDisabled' },
];

/** The admin console's Users tab: find an account, see its state, disable it, change its role or reset its password. */
export function UsersTab({ me }: { me?: Pick<User, 'id'> } = {}) {
  const { t } = useTranslation();
  const session = useSession();
  const meId = me?.id ?? session?.user.id ?? '';
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<AdminUsersFilter>('all');
  const [notice, setNotice] = useState('');
  const q = useDebouncedValue(query);
  const load = useCallback(
    async (cursor?: string) => {
      const page = await fetchAdminUsers(q, filter, cursor);
      return { items: page.users, nextCursor: page.nextCursor };
    },
    [q, filter],
  );
  const list = usePagedList(load);

  const onChanged = (user: AdminUser) => {
    list.replace(user);
    setNotice(t('adminUsers.changed', { name: user.displayName }));
  };

  return (
    <section aria-labelledby="admin-users-title" data-testid="admin-users">
      <h2 id="admin-users-title" className="visually-hidden">{t('adminUsers.title')}</h2>
      <div className="d-flex flex-wrap gap-2 mb-2 align-items-end">
        <div className="flex-grow-1 admin-search">
          <label htmlFor="admin-users-search" className="form-label small mb-1">{t('adminUsers.search')}</label>
          <input id="admin-users-search" type="search" className="form-control" value={query} placeholder={t('adminUsers.searchPlaceholder')}
            onChange={(e) => setQuery(e.target.value)} maxLength={64} autoComplete="off" spellCheck={false} data-testid="admin-users-search" />
        </div>
        <div role="radiogroup" aria-label={t('adminUsers.filter')} className="btn-group" data-testid="admin-users-filter">
          {FILTERS.map((f) => (
            <button key={f.value} type="button" role="radio" aria-checked={filter === f.value}
              className={`btn btn-sm ${filter === f.value ? 'btn-primary' : 'btn-outline-primary'}`} onClick={() => setFilter(f.value)} data-testid={`admin-users-filter-${f.value}`}>
              {t(f.label)}
            </button>
          ))}
        </div>
      </div>
      <div role="status" className="small text-success mb-2 admin-notice" data-testid="admin-users-notice">{notice}</div>
      {list.error && <div className="alert alert-danger py-2" role="alert" data-testid="admin-users-error">{list.error}</div>}
      {list.status === 'idle' && !list.error && list.items.length === 0 && <p className="text-body-secondary" data-testid="admin-users-empty">{t('adminUsers.empty')}</p>}
      <ul className="list-group" aria-busy={list.status === 'loading'} data-testid="admin-users-list">
        {list.items.map((u) => (
          <UserRow key={u.id} user={u} meId={meId} onChanged={onChanged} />
        ))}
      </ul>
      <div className="d-flex align-items-center gap-2 mt-3">
        {list.hasMore && (
          <button type="button" className="btn btn-outline-primary btn-sm" disabled={list.status === 'loading'} onClick={list.loadMore} data-testid="admin-users-more">
            {t('adminUsers.more')}
          </button>
        )}
        {list.status === 'loading' && <span className="small text-body-secondary">{t('adminUsers.loading')}</span>}
      </div>
    </section>
  );
}
