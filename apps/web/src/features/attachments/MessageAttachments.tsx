import type { Attachment } from '@parley/protocol';
import { FileCard } from './FileCard';
import { ImageGallery } from './ImageGallery';

/** The attachments of a message (stored or queued): images as a gallery, everything else as file cards. */
export function MessageAttachments({ attachments }: { attachments: readonly Attachment[] }) {
  if (attachments.length === 0) return null;
  const images = attachments.filter((a) => a.kind === 'image');
  const files = attachments.filter((a) => a.kind !== 'image');
  return (
    <div className="message-attachments d-flex flex-column gap-2 mt-1" data-testid="message-attachments">
      {images.length > 0 && <ImageGallery images={images} />}
      {files.map((a) => (
        <FileCard key={a.id} attachment={a} />
      ))}
    </div>
  );
}
