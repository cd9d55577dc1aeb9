import { useContext, useSyncExternalStore } from 'react';
import { AttachmentsContext, type AttachmentServices } from './attachments-context';
import type { UploadEntry } from './upload-queue';

export function useAttachments(): AttachmentServices {
  const services = useContext(AttachmentsContext);
  if (!services) throw new Error('useAttachments outside <AttachmentsContext>');
  return services;
}

/** Every upload of the session (all rooms); filter with the upload-queue queries. */
export function useUploadEntries(): readonly UploadEntry[] {
  const { uploads } = useAttachments();
  return useSyncExternalStore(uploads.store.subscribe, uploads.store.get);
}
