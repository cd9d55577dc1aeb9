import { useTranslation } from 'react-i18next';
import { useInstance } from '../instance/useInstance';
import { canRetryUpload, DEFAULT_MAX_UPLOAD_BYTES, uploadErrorKey } from './upload-error';
import { fileIcon, formatBytes } from './file-kind';
import { percent, type UploadEntry } from './upload-queue';
import { useAttachments } from './useAttachments';

/** One upload in the composer: preview or type icon, name, progress or error, and its actions. */
export function UploadChip({ entry }: { entry: UploadEntry }) {
  const { t, i18n } = useTranslation();
  const { uploads } = useAttachments();
  const preview = uploads.previewUrl(entry.id);
  const running = entry.status === 'queued' || entry.status === 'uploading';
  const pct = percent(entry);
  const error = entry.status === 'failed' && entry.error ? entry.error : undefined;
  const maxBytes = useInstance()?.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;

  return (
    <li
      className={`upload-chip border rounded d-flex align-items-center gap-2 p-1 pe-2${error ? ' border-danger' : ''}`}
      data-testid="upload-chip"
      data-status={entry.status}
      data-name={entry.name}
    >
      <span className="upload-chip-preview rounded flex-shrink-0">
        {preview ? <img src={preview} alt="" width={40} height={40} /> : <i className={`fa-solid ${fileIcon(entry.type, entry.name)} fa-lg`} aria-hidden="true" />}
      </span>
      <span className="min-w-0 flex-grow-1">
        <span className="d-block text-truncate small fw-medium" title={entry.name}>{entry.name}</span>
        {running && (
          <span className="d-flex align-items-center gap-2">
            <progress className="upload-progress flex-grow-1" max={100} value={entry.status === 'queued' ? undefined : pct} aria-label={t('uploads.progressOf', { name: entry.name })} />
            <span className="small text-body-secondary text-nowrap">{entry.status === 'queued' ? t('uploads.queued') : `${pct}%`}</span>
          </span>
        )}
        {entry.status === 'done' && <span className="d-block small text-body-secondary">{formatBytes(entry.size, i18n.language)}</span>}
        {error && (
          <span className="d-block small text-danger text-wrap" role="alert" data-testid="upload-error">
            {t(uploadErrorKey(error, entry, maxBytes), { max: formatBytes(maxBytes, i18n.language) })}
          </span>
        )}
      </span>
      {error && canRetryUpload(error) && (
        <button type="button" className="btn btn-sm btn-outline-primary py-0 px-2" onClick={() => uploads.retry(entry.id)} data-testid="upload-retry">
          <i className="fa-solid fa-rotate-right me-1" aria-hidden="true" />
          {t('uploads.retry')}
        </button>
      )}
      <button
        type="button"
        className="btn btn-sm btn-link text-body-secondary p-1"
        onClick={() => (running ? uploads.cancel(entry.id) : uploads.remove(entry.id))}
        aria-label={t(running ? 'uploads.cancelName' : 'uploads.removeName', { name: entry.name })}
        title={t(running ? 'uploads.cancel' : 'uploads.remove')}
        data-testid={running ? 'upload-cancel' : 'upload-remove'}
      >
        <i className="fa-solid fa-xmark" aria-hidden="true" />
      </button>
    </li>
  );
}
