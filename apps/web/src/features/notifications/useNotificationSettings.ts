import { useSyncExternalStore } from 'react';
import { notificationSettings, type NotificationSettings } from './notification-settings';

export function useNotificationSettings(): NotificationSettings {
  return useSyncExternalStore(notificationSettings.subscribe, notificationSettings.get);
}
