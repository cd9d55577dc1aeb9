import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicInstance } from '@parley/protocol';
import { ensureInstance, instanceStore } from './instance-store';

/** The instance's public settings, live: undefined until GET /api/instance has answered. */
export function useInstance(): PublicInstance | undefined {
  useEffect(ensureInstance, []);
  return useSyncExternalStore(instanceStore.subscribe, instanceStore.get);
}

/** The instance's name as its admins set it, or "Parley" until it is known. */
export function useInstanceName(): string {
  const { t } = useTranslation();
  return useInstance()?.name ?? t('app.name');
}

/** Keeps the tab's title at `title` while the calling screen is shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
