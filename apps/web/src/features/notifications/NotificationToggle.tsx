import { useTranslation } from 'react-i18next';
import { reportError } from '../../lib/report';
import { disableNotifications, enableNotifications, notificationsOn } from './notification-settings';
import { useNotificationSettings } from './useNotificationSettings';

/** The bell in the top bar: desktop notifications on or off for this browser. */
export function NotificationToggle() {
  const { t } = useTranslation();
  const settings = useNotificationSettings();
  if (settings.permission === 'unsupported') return null;
  const on = notificationsOn(settings);
  const blocked = settings.permission === 'denied';
  const hint = blocked ? t('notifications.blocked') : t(on ? 'notifications.turnOff' : 'notifications.turnOn');

  const toggle = () => {
    if (blocked) return;
    if (on) disableNotifications();
    else enableNotifications().catch((err: unknown) => reportError('notification permission failed', err));
  };

  return (
    <button
      type="button"
      className="btn btn-link nav-link px-2"
      aria-label={t('notifications.toggle')}
      aria-pressed={on}
      aria-disabled={blocked || undefined}
      aria-describedby="notification-toggle-hint"
      title={hint}
      onClick={toggle}
      data-testid="notification-toggle"
      data-state={blocked ? 'blocked' : on ? 'on' : 'off'}
    >
      <i className={`fa-${on ? 'solid fa-bell' : 'regular fa-bell-slash'}`} aria-hidden="true" />
      <span id="notification-toggle-hint" className="visually-hidden">{hint}</span>
    </button>
  );
}
