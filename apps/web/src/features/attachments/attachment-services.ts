import { uploadAttachment } from '../../api/attachments';
import { fetchBlob } from '../../api/http';
import { instanceStore } from '../instance/instance-store';
import { refuseUpload } from '../instance/upload-policy';
import type { AttachmentServices } from './attachments-context';
import { createBlobCache } from './blob-cache';
import { UploadManager } from './upload-manager';

/** Images the browser can show itself, so the local file can stand in for the server's thumbnail. */
const SHOWABLE = /^image\/(png|jpeg|gif|webp)$/;

/** The uploads and the attachment cache of one signed-in session. */
export function createAttachmentServices(): AttachmentServices {
  const blobs = createBlobCache((url) => fetchBlob(url));
  const uploads = new UploadManager({
    upload: uploadAttachment,
    isOnline: () => navigator.onLine,
    refuse(file) {
      const refusal = refuseUpload(file, instanceStore.get());
      if (!refusal) return undefined;
      return refusal.reason === 'too_large' ? 'payload_too_large' : 'unsupported_media_type';
    },
    onUploaded(attachment, file) {
      // The sender's own image shows from the file it just picked: no download, and it works while
      // the message waits offline in the outbox.
      if (attachment.thumbnailUrl && SHOWABLE.test(file.type)) blobs.prime(attachment.thumbnailUrl, file);
    },
  });
  return { uploads, blobs };
}

/** Sign-out or unmount: stop uploads and drop every cached byte (they may be from private rooms). */
export function disposeAttachmentServices(services: AttachmentServices): void {
  services.uploads.dispose();
  services.blobs.clear();
}
