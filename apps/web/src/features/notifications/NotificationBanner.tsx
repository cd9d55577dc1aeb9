import { useTranslation } from 'react-i18next';
import { reportError } from '../../lib/report';
import { dismissBanner, enableNotifications } from './notification-settings';
import { useNotificationSettings } from './useNotificationSettings';

/** Asks once, with a button (the user gesture browsers require), whether to turn notifications on. */
export function NotificationBanner() {
  const { t } = useTranslation();
  const settings = useNotificationSettings();
  const ask = settings.choice === 'unset' && !settings.bannerDismissed && (settings.permission === 'default' || settings.permission === 'granted');
  if (!ask) return null;
  return (
    <div className="notification-banner d-flex flex-wrap align-items-center gap-2 px-3 py-2 border-bottom small" role="region" aria-label={t('notifications.bannerLabel')} data-testid="notification-banner">
      <span className="flex-grow-1">
        <i className="fa-solid fa-bell me-2" aria-hidden="true" />
        {t('notifications.bannerText')}
      </span>
      <button
        type="button"
        className="btn btn-primary btn-sm"
        onClick={() => enableNotifications().catch((err: unknown) => reportError('notification permission failed', err))}
        data-testid="enable-notifications"
      >
        {t('notifications.enable')}
      </button>
      <button type="button" className="btn btn-link btn-sm text-reset" onClick={dismissBanner} data-testid="dismiss-notification-banner">
        {t('notifications.notNow')}
      </button>
    </div>
  );
}
