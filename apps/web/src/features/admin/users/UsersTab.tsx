import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, User } from '@parley/protocol';
import { useSession } from '../../../api/useSession';
import { fetchAdminUsers, type AdminUsersFilter } from './admin-users-api';
import { useDebouncedValue } from './useDebouncedValue';
import { usePagedList } from './usePagedList';
import { UserRow } from './UserRow';
import { AdminListMore, AdminListSearch } from './AdminListControls';
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
      <AdminListSearch<AdminUsersFilter> idPrefix="admin-users" label={t('adminUsers.search')} placeholder={t('adminUsers.searchPlaceholder')} query={query} onQuery={setQuery}
        groupName="filter" groupLabel={t('adminUsers.filter')} choices={FILTERS.map((c) => ({ value: c.value, label: t(c.label) }))} chosen={filter} onChoose={setFilter} />
      <div role="status" className="small text-success mb-2 admin-notice" data-testid="admin-users-notice">{notice}</div>
      {list.error && <div className="alert alert-danger py-2" role="alert" data-testid="admin-users-error">{list.error}</div>}
      {list.status === 'idle' && !list.error && list.items.length === 0 && <p className="text-body-secondary" data-testid="admin-users-empty">{t('adminUsers.empty')}</p>}
      <ul className="list-group" aria-busy={list.status === 'loading'} data-testid="admin-users-list">
        {list.items.map((u) => (
          <UserRow key={u.id} user={u} meId={meId} onChanged={onChanged} />
        ))}
      </ul>
      <AdminListMore list={list} testId="admin-users-more" label={t('adminUsers.more')} loadingLabel={t('adminUsers.loading')} />
    </section>
  );
}
