import { useTranslation } from 'react-i18next';
import type { AdminStats } from '@parley/protocol';
import { formatBytes } from '../../attachments/file-kind';
import { formatCount } from './chart-labels';

/** Database and uploads as one stacked bar, each part's size in the legend. */
export function StorageChart({ storage }: { storage: AdminStats['storage'] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const total = storage.databaseBytes + storage.uploadsBytes;
  const dbShare = total > 0 ? (storage.databaseBytes / total) * 100 : 0;
  const upShare = total > 0 ? 100 - dbShare : 0;
  const database = formatBytes(storage.databaseBytes, lang);
  const uploads = formatBytes(storage.uploadsBytes, lang);
  const files = formatCount(storage.uploadsFiles, lang);
  const summary = t('adminDashboard.storageSummary', { database, uploads, files, total: formatBytes(total, lang) });
  return (
    <figure className="mb-0" data-testid="chart-storage">
      <svg width="100%" height="28" role="img" aria-label={summary} className="d-block admin-storage-bar">
        <title>{summary}</title>
        <rect className="admin-chart-track" x="0" y="0" width="100%" height="28" rx="4" />
        <rect className="admin-chart-bar" x="0" y="0" width={`${dbShare}%`} height="28" />
        <rect className="admin-chart-bar-alt" x={`${dbShare}%`} y="0" width={`${upShare}%`} height="28" />
      </svg>
      <figcaption className="d-flex flex-wrap gap-3 small mt-2">
        <span className="d-flex align-items-center gap-2">
          <span className="admin-swatch admin-swatch-primary" aria-hidden="true" />
          {t('adminDashboard.database')}: <strong data-testid="storage-database">{database}</strong>
        </span>
        <span className="d-flex align-items-center gap-2">
          <span className="admin-swatch admin-swatch-alt" aria-hidden="true" />
          {t('adminDashboard.uploads')}: <strong data-testid="storage-uploads">{uploads}</strong>
          <span className="text-body-secondary">{t('adminDashboard.fileCount', { count: storage.uploadsFiles, files })}</span>
        </span>
      </figcaption>
    </figure>
  );
}
