import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '@parley/protocol';
import { fetchBlob } from '../../api/http';
import { useErrorText } from '../../components/useErrorText';
import { fileIcon, formatBytes } from './file-kind';
import { saveBlob } from './save-blob';

/**
 * A file attachment: type icon, name and size, and a download that fetches with the token and saves
 * under the original name. The name is only ever a text node or an attribute value.
 */
export function FileCard({ attachment }: { attachment: Attachment }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function download() {
    setBusy(true);
    setError(undefined);
    try {
      saveBlob(await fetchBlob(attachment.url), attachment.name);
    } catch (err) {
      setError(errorText(err));
    }
    setBusy(false);
  }

  return (
    <div className="file-card border rounded d-flex align-items-center gap-2 p-2" data-testid="file-card">
      <i className={`fa-solid ${fileIcon(attachment.contentType, attachment.name)} fa-2x file-card-icon`} aria-hidden="true" />
      <div className="min-w-0 flex-grow-1">
        <div className="text-truncate fw-medium" title={attachment.name} data-testid="file-name">{attachment.name}</div>
        <div className="small text-body-secondary">{error ? <span className="text-danger">{error}</span> : formatBytes(attachment.size, i18n.language)}</div>
      </div>
      <button
        type="button"
        className="btn btn-sm btn-outline-primary"
        onClick={() => void download()}
        disabled={busy}
        aria-label={t('attachments.downloadName', { name: attachment.name })}
        title={t('attachments.download')}
        data-testid="file-download"
      >
        <i className={`fa-solid ${busy ? 'fa-spinner fa-spin' : 'fa-download'}`} aria-hidden="true" />
      </button>
    </div>
  );
}
