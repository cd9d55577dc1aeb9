import { createContext } from 'react';
import type { BlobCache } from './blob-cache';
import type { UploadManager } from './upload-manager';

/** The signed-in session's uploads and attachment-bytes cache, provided by ChatApp. */
export interface AttachmentServices {
  uploads: UploadManager;
  blobs: BlobCache;
}

export const AttachmentsContext = createContext<AttachmentServices | undefined>(undefined);
