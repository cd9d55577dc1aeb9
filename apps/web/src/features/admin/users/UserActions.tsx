import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, UpdateAdminUserBody } from '@parley/protocol';
import { ActionMenu, type ActionMenuItem } from '../../../components/ActionMenu';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { updateAdminUser } from './admin-users-api';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { userActions, type UserAction } from './user-actions';

/** Each change of state, its menu icon, its request body, and the words of its confirmation. */
const CHANGES = {
  disable: { icon: 'fa-user-slash', body: { disabled: true }, danger: true, title: 'adminUsers.disableTitle', question: 'adminUsers.disableQuestion' },
  enable: { icon: 'fa-user-check', body: { disabled: false }, danger: false, title: 'adminUsers.enableTitle', question: 'adminUsers.enableQuestion' },
  promote: { icon: 'fa-user-shield', body: { isAdmin: true }, danger: false, title: 'adminUsers.promoteTitle', question: 'adminUsers.promoteQuestion' },
  demote: { icon: 'fa-user-minus', body: { isAdmin: false }, danger: true, title: 'adminUsers.demoteTitle', question: 'adminUsers.demoteQuestion' },
} as const satisfies Record<Exclude<UserAction, 'reset-password'>, { icon: string; body: UpdateAdminUserBody; danger: boolean; title: string; question: string }>;

const LABELS: Record<UserAction, string> = {
  disable: 'adminUsers.disable',
  enable: 'adminUsers.enable',
  promote: 'adminUsers.promote',
  demote: 'adminUsers.demote',
  'reset-password': 'adminUsers.resetPassword',
};

/** A row's menu and the dialog it opens; every change is confirmed and its answer replaces the row. */
export function UserActions({ user, meId, onChanged }: { user: AdminUser; meId: string; onChanged(user: AdminUser): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<UserAction | undefined>();
  const items: ActionMenuItem[] = userActions(user, meId).map((action) => ({
    key: action,
    label: t(LABELS[action]),
    icon: action === 'reset-password' ? 'fa-key' : CHANGES[action].icon,
    danger: action !== 'reset-password' && CHANGES[action].danger,
    testId: `user-action-${action}`,
    onSelect: () => setOpen(action),
  }));
  const names = { name: user.displayName, username: user.username };
  const change = open && open !== 'reset-password' ? CHANGES[open] : undefined;

  return (
    <>
      <ActionMenu label={t('adminUsers.actions', { name: user.displayName })} items={items} testId="user-actions" />
      {open === 'reset-password' && <ResetPasswordDialog user={user} onClose={() => setOpen(undefined)} />}
      {change && open && (
        <ConfirmDialog
          title={t(change.title, names)}
          question={t(change.question, names)}
          confirmLabel={t(LABELS[open])}
          danger={change.danger}
          onConfirm={async () => onChanged(await updateAdminUser(user.id, change.body))}
          onClose={() => setOpen(undefined)}
        />
      )}
    </>
  );
}
