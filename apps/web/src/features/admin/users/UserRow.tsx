import { useTranslation } from 'react-i18next';
import type { AdminUser } from '@parley/protocol';
import { Avatar } from '../../../components/Avatar';
import { AdminTime } from './AdminTime';
import { UserActions } from './UserActions';

/** One account: who, what they are, when they joined and were last seen, and what an admin can do. */
export function UserRow({ user, meId, onChanged }: { user: AdminUser; meId: string; onChanged(user: AdminUser): void }) {
  const { t } = useTranslation();
  const self = user.id === meId;
  return (
    <li className={`list-group-item admin-user-row d-flex align-items-start gap-3${user.disabled ? ' admin-user-disabled' : ''}`} data-testid="admin-user-row" data-username={user.username}>
      <span className="position-relative flex-shrink-0">
        <Avatar userId={user.id} name={user.displayName} avatar={user.avatar} />
        <span className={`admin-presence ${user.online ? 'admin-presence-online' : 'admin-presence-offline'}`} title={t(user.online ? 'adminUsers.online' : 'adminUsers.offline')} />
        <span className="visually-hidden">{t(user.online ? 'adminUsers.online' : 'adminUsers.offline')}</span>
      </span>
      <div className="flex-grow-1 min-w-0">
        <div className="d-flex flex-wrap align-items-center gap-2">
          <span className="fw-semibold text-break" data-testid="admin-user-name">{user.displayName}</span>
          <span className="text-body-secondary text-break">@{user.username}</span>
          {self && <span className="badge text-bg-secondary">{t('adminUsers.you')}</span>}
          {user.isAdmin && <span className="badge text-bg-primary" data-testid="admin-user-badge-admin">{t('adminUsers.admin')}</span>}
          {user.disabled && <span className="badge text-bg-danger" data-testid="admin-user-badge-disabled">{t('adminUsers.disabled')}</span>}
        </div>
        <div className="small text-body-secondary d-flex flex-wrap column-gap-3">
          <span><CreatedText iso={user.createdAt} /></span>
          <span>{user.lastActiveAt ? <LastActiveText iso={user.lastActiveAt} /> : t('adminUsers.neverActive')}</span>
        </div>
        {self && <div className="small text-body-secondary fst-italic mt-1" data-testid="admin-user-self-note">{t('adminUsers.selfNote')}</div>}
      </div>
      <div className="flex-shrink-0">{!self && <UserActions user={user} meId={meId} onChanged={onChanged} />}</div>
    </li>
  );
}

/** "Joined <time>": the sentence is split around the time element so the translation decides the word order. */
function Sentence({ keyName, iso }: { keyName: string; iso: string }) {
  const { t } = useTranslation();
  const [before = '', after = ''] = t(keyName, { when: '\u0000' }).split('\u0000');
  return (
    <>
      {before}
      <AdminTime iso={iso} />
      {after}
    </>
  );
}

const CreatedText = ({ iso }: { iso: string }) => <Sentence keyName="adminUsers.created" iso={iso} />;
const LastActiveText = ({ iso }: { iso: string }) => <Sentence keyName="adminUsers.lastActive" iso={iso} />;
