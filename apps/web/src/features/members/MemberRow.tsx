import { useTranslation } from 'react-i18next';
import type { Member } from '@parley/protocol';
import { ActionMenu, type ActionMenuItem } from '../../components/ActionMenu';
import { Avatar } from '../../components/Avatar';
import type { MemberPermissions } from './member-rules';

interface MemberRowProps {
  member: Member;
  online: boolean;
  isMe: boolean;
  can: MemberPermissions;
  onRole(role: 'admin' | 'member'): void;
  onRemove(): void;
  onBan(): void;
  /** Opens the direct conversation with this member; absent on the caller's own row. */
  onMessage?: () => void;
}

/** One member: picture with a presence dot, name and status line, role badge, and the allowed actions. */
export function MemberRow({ member: m, online, isMe, can, onRole, onRemove, onBan, onMessage }: MemberRowProps) {
  const { t } = useTranslation();
  const name = m.user.displayName;
  const items: ActionMenuItem[] = [];
  if (can.promote) items.push({ key: 'promote', label: t('memberActions.promote'), icon: 'fa-user-shield', onSelect: () => onRole('admin'), testId: 'member-promote' });
  if (can.demote) items.push({ key: 'demote', label: t('memberActions.demote'), icon: 'fa-user', onSelect: () => onRole('member'), testId: 'member-demote' });
  if (can.remove) items.push({ key: 'remove', label: t('memberActions.remove'), icon: 'fa-user-xmark', danger: true, onSelect: onRemove, testId: 'member-remove' });
  if (can.ban) items.push({ key: 'ban', label: t('memberActions.ban'), icon: 'fa-ban', danger: true, onSelect: onBan, testId: 'member-ban' });

  return (
    <li
      className="d-flex align-items-center gap-2 px-3 py-1 member-row"
      data-testid="member"
      data-username={m.user.username}
      data-online={online ? 'true' : 'false'}
      data-role={m.role}
    >
      <span className="position-relative flex-shrink-0">
        <Avatar userId={m.user.id} name={name} avatar={m.user.avatar} />
        <span className={`presence-dot ${online ? 'bg-success' : 'bg-secondary'}`} title={t(online ? 'members.online' : 'members.offline')} aria-hidden="true" />
      </span>
      <span className="d-flex flex-column min-w-0 flex-grow-1 lh-sm">
        <span className={`text-truncate${online ? '' : ' text-body-secondary'}`} title={name} data-testid="member-name">
          {name}
          {isMe && <span className="text-body-secondary small"> ({t('memberActions.you')})</span>}
          <span className="visually-hidden">, {t(online ? 'members.online' : 'members.offline')}</span>
        </span>
        {m.statusText && (
          <span className="small text-body-secondary text-truncate" title={m.statusText} data-testid="member-status">
            {m.statusText}
          </span>
        )}
      </span>
      {m.role !== 'member' && (
        <span
          className={`badge border small flex-shrink-0 ${m.role === 'owner' ? 'bg-warning-subtle text-warning-emphasis border-warning-subtle' : 'bg-primary-subtle text-primary-emphasis border-primary-subtle'}`}
          data-testid="member-role"
        >
          {t(`members.role.${m.role}`)}
        </span>
      )}
      {onMessage && (
        <button type="button" className="btn btn-sm btn-link text-body-secondary px-1 py-0 flex-shrink-0" onClick={onMessage} aria-label={t('direct.messageUser', { name })} title={t('direct.messageUser', { name })} data-testid="member-message">
          <i className="fa-regular fa-comment" aria-hidden="true" />
        </button>
      )}
      <ActionMenu label={t('memberActions.menu', { name })} items={items} buttonClassName="btn btn-sm btn-link text-body-secondary px-1 py-0" testId="member-actions" />
    </li>
  );
}
