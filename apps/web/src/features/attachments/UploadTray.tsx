import { useTranslation } from 'react-i18next';
import { UploadChip } from './UploadChip';
import type { UploadEntry } from './upload-queue';

/** The room's uploads waiting in the composer, above the text box. */
export function UploadTray({ entries }: { entries: readonly UploadEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return null;
  return (
    <ul className="upload-tray list-unstyled d-flex flex-wrap gap-2 mb-2" aria-label={t('uploads.listLabel')} data-testid="upload-tray">
      {entries.map((e) => (
        <UploadChip key={e.id} entry={e} />
      ))}
    </ul>
  );
}
