import { useState } from 'react';
import type { Attachment } from '@parley/protocol';
import { AttachmentThumb } from './AttachmentThumb';
import { Lightbox } from './Lightbox';
import { gridColumns } from './thumb-size';

/** Grid cells are squares of at most this size; the images are cropped to fill them. */
const CELL = { width: 200, height: 200 };

/** The images of one message: one at its own shape, several as a square grid. Click opens the lightbox. */
export function ImageGallery({ images }: { images: readonly Attachment[] }) {
  const [open, setOpen] = useState<Attachment | undefined>();
  const columns = gridColumns(images.length);
  return (
    <>
      <div className={columns === 1 ? 'attachment-single' : `attachment-grid cols-${columns}`} data-testid="image-gallery">
        {images.map((a) => (
          <AttachmentThumb key={a.id} attachment={a} box={columns === 1 ? undefined : CELL} onOpen={() => setOpen(a)} />
        ))}
      </div>
      {open && <Lightbox attachment={open} onClose={() => setOpen(undefined)} />}
    </>
  );
}
