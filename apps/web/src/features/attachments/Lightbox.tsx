import { useTranslation } from 'react-i18next';
import type { Attachment } from '@parley/protocol';
import { Modal } from '../../components/Modal';
import { formatBytes } from './file-kind';
import { thumbSize } from './thumb-size';
import { useBlobUrl } from './useBlobUrl';

/** Big enough that the lightbox image is never scaled from a smaller placeholder size. */
const FULL_BOX = { width: 100_000, height: 100_000 };

/** The full image in a dialog; Escape, the backdrop or a click on the image closes it. */
export function Lightbox({ attachment, onClose }: { attachment: Attachment; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { src, failed } = useBlobUrl(attachment.url);
  const size = thumbSize({ ...attachment, thumbnailWidth: null, thumbnailHeight: null }, FULL_BOX);
  const details = [attachment.width && attachment.height ? `${attachment.width} × ${attachment.height}` : '', formatBytes(attachment.size, i18n.language)]
    .filter(Boolean)
    .join(' · ');

  return (
    <Modal
      title={attachment.name}
      onClose={onClose}
      size="xl"
      testId="lightbox"
      bodyClassName="lightbox-body"
      footer={
        <>
          <span className="small text-body-secondary me-auto">{details}</span>
          {src ? (
            <a className="btn btn-primary" href={src} download={attachment.name} data-testid="lightbox-download">
              <i className="fa-solid fa-download me-2" aria-hidden="true" />
              {t('attachments.download')}
            </a>
          ) : (
            <button type="button" className="btn btn-primary" disabled>
              <i className="fa-solid fa-download me-2" aria-hidden="true" />
              {t('attachments.download')}
            </button>
          )}
        </>
      }
    >
      {failed ? (
        <p className="text-center text-body-secondary my-5">
          <i className="fa-solid fa-image fa-2x d-block mb-2" aria-hidden="true" />
          {t('attachments.unavailable')}
        </p>
      ) : (
        <div className="lightbox-frame">
          <img
            src={src}
            width={size.width}
            height={size.height}
            alt={attachment.name}
            className="lightbox-image"
            onClick={onClose}
            data-testid="lightbox-image"
          />
          {!src && (
            <span className="thumb-state" role="status">
              <span className="spinner-border text-light" aria-hidden="true" />
              <span className="visually-hidden">{t('attachments.loading')}</span>
            </span>
          )}
        </div>
      )}
    </Modal>
  );
}
