import { Attachment } from '@parley/protocol';
import { uploadMultipart, type UploadHandle } from './upload-request';

/** Uploads one file (`POST /api/uploads`); the server decides from its bytes whether it is an image. */
export function uploadAttachment(file: File, onProgress: (loaded: number, total: number) => void): UploadHandle<Attachment> {
  return uploadMultipart({ path: '/api/uploads', method: 'POST', file, schema: Attachment, onProgress });
}
