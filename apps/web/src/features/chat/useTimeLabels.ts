import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeLabels } from '../../lib/relative-time';

/** The translated words relative-time needs, and the language to format in. */
export function useTimeLabels(): { lang: string; labels: TimeLabels } {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const labels = useMemo(() => ({ justNow: t('timeline.justNow'), today: t('timeline.today'), yesterday: t('timeline.yesterday') }), [t, lang]);
  return { lang, labels };
}
