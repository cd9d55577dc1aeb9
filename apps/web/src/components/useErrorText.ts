import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';

/** Turns any thrown value into a translated sentence for the user (stable until the language changes). */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  return useCallback((err: unknown) => (err instanceof ApiError ? t(`errors.${err.code}`) : t('errors.internal')), [t]);
}
