import type { AuditEntry, UserRef } from '@parley/protocol';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** "Display name (@username)", or the translated "unknown" for an unauthenticated actor. */
export function personText(t: Translate, user: UserRef | null): string {
  return user ? `${user.displayName} (@${user.username})` : t('audit.nobody');
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/**
 * The details of an entry as one plain sentence. Known actions get a translated sentence; anything
 * else falls back to `key: value` pairs, so a newer server's detail is still shown, as text.
 */
export function detailsText(t: Translate, formatTime: (iso: string) => string, entry: AuditEntry): string {
  const d = entry.details;
  const role = (v: unknown) => t(`members.role.${text(v)}`, { defaultValue: text(v) });
  switch (entry.action) {
    case 'auth.login_failed':
      return t('audit.details.loginFailed', { username: text(d.username), reason: t(`audit.reason.${text(d.reason)}`, { defaultValue: text(d.reason) }) });
    case 'room.role_changed':
      return t('audit.details.roleChanged', { from: role(d.from), to: role(d.to) });
    case 'room.member_kicked':
      return d.role ? t('audit.details.kicked', { role: role(d.role) }) : '';
    case 'room.updated':
      return d.name !== undefined ? t('audit.details.renamed', { from: text(d.oldName), to: text(d.name) }) : t('audit.details.descriptionChanged');
    case 'room.deleted':
      return t('audit.details.deleted', { name: text(d.name) });
    case 'invite.created':
      return d.expiresAt ? t('audit.details.inviteExpires', { at: formatTime(text(d.expiresAt)) }) : '';
    default:
      return Object.entries(d).map(([k, v]) => `${k}: ${text(v)}`).join(', ');
  }
}
