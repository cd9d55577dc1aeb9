import { useTranslation } from 'react-i18next';
import type { Attachment } from '@parley/protocol';
import { thumbSize, type Size } from './thumb-size';
import { useBlobUrl } from './useBlobUrl';

interface AttachmentThumbProps {
  attachment: Attachment;
  box?: Size;
  onOpen(): void;
}

/**
 * One image thumbnail, fetched with the token. The `<img>` carries its final width and height before
 * the bytes arrive (alt="" keeps Chrome from drawing alt text into it), so the timeline never jumps.
 */
export function AttachmentThumb({ attachment, box, onOpen }: AttachmentThumbProps) {
  const { t } = useTranslation();
  const { src, failed } = useBlobUrl(attachment.thumbnailUrl ?? attachment.url);
  const size = thumbSize(attachment, box);
  return (
    <button
      type="button"
      className="attachment-thumb"
      onClick={onOpen}
      aria-label={t('attachments.open', { name: attachment.name })}
      title={attachment.name}
      data-testid="attachment-thumb"
    >
      <img src={src} width={size.width} height={size.height} alt="" className={`thumb-img${src ? ' loaded' : ''}`} data-testid="attachment-image" />
      {failed && (
        <span className="thumb-state text-body-secondary" title={t('attachments.unavailable')}>
          <i className="fa-solid fa-image" aria-hidden="true" />
        </span>
      )}
      {!src && !failed && (
        <span className="thumb-state">
          <span className="spinner-border spinner-border-sm text-body-secondary" aria-hidden="true" />
        </span>
      )}
    </button>
  );
}
