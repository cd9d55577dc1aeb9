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
      return adminDetailsText(t, entry) ?? Object.entries(d).map(([k, v]) => `${k}: ${text(v)}`).join(', ');
  }
}

/** The admin console's and the CLI's actions; undefined for any other action. */
function adminDetailsText(t: Translate, entry: AuditEntry): string | undefined {
  const d = entry.details;
  const sentence = ((): string | undefined => {
    switch (entry.action) {
      case 'admin.created':
        return t(d.account === 'new' ? 'audit.details.createdNew' : 'audit.details.createdExisting');
      case 'admin.user_disabled':
        return t('audit.details.userDisabled', { sessions: text(d.sessionsEnded ?? 0), tokens: text(d.patsRevoked ?? 0) });
      case 'admin.user_enabled':
      case 'admin.user_promoted':
      case 'admin.user_demoted':
      case 'admin.room_transferred':
        // Who and which room are the entry's own columns; there is nothing more to say.
        return '';
      case 'admin.password_reset':
        return d.mode === 'temporary' ? t('audit.details.resetTemporary', { sessions: text(d.sessionsEnded ?? 0) }) : t('audit.details.resetLink');
      case 'admin.room_deleted':
        return t('audit.details.roomDeleted', { name: text(d.name), visibility: t(d.visibility === 'private' ? 'rooms.private' : 'rooms.public') });
      default:
        return undefined;
    }
  })();
  if (sentence === undefined) return undefined;
  const cli = d.via === 'cli' ? t('audit.details.viaCli') : '';
  return [sentence, cli].filter(Boolean).join(' · ');
}
