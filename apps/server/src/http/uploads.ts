import type { FastifyPluginAsync, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Attachment, AttachmentParams } from '@parley/protocol';
import type { AttachmentService } from '../domain/attachments.js';
import { DomainError } from '../domain/errors.js';
import { contentDisposition } from '../lib/file-name.js';
import { servedContentType } from '../lib/file-type.js';
import type { BlobStore, IncomingBlob } from '../storage/blob-store.js';
import { authOf } from './authenticate.js';
import { sendBlob } from './send-blob.js';

/**
 * Streams the request's single file part into a temporary blob, never holding it in memory.
 * Shared by uploads and avatars.
 */
export async function receiveFilePart(req: FastifyRequest, blobs: BlobStore, maxBytes: number): Promise<{ blob: IncomingBlob; fileName: string }> {
  if (!req.isMultipart()) throw new DomainError('invalid_request', 'Send the file as multipart/form-data with a part named "file"');
  const part = await req.file();
  if (!part || part.fieldname !== 'file') throw new DomainError('invalid_request', 'Send the file as multipart/form-data with a part named "file"');
  const blob = await blobs.receive(part.file, maxBytes);
  return { blob: { ...blob, truncated: blob.truncated || part.file.truncated }, fileName: part.filename };
}

/** `POST /api/uploads` and `GET /api/attachments/:id[/thumbnail]`. */
export function uploadRoutes(
  attachments: AttachmentService,
  blobs: BlobStore,
  /** The upload limit in force now (instance settings change it live). */
  maxFileBytes: () => number,
  authenticate: onRequestAsyncHookHandler,
): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);

    app.post('/uploads', { schema: { response: { 201: Attachment } } }, async (req, reply) => {
      const { blob, fileName } = await receiveFilePart(req, blobs, maxFileBytes());
      return reply.code(201).send(await attachments.upload(authOf(req).user.id, blob, fileName));
    });

    const download = (variant: 'file' | 'thumbnail') => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const { record, sha256, size } = await attachments.open(authOf(req).user.id, req.params.id, variant);
      const isThumb = variant === 'thumbnail';
      // Raster images were re-encoded by us, so they are safe inline; everything else downloads.
      const inline = isThumb || record.kind === 'image';
      const name = isThumb ? `${record.name}.thumbnail.webp` : record.name;
      return sendBlob(req, reply, blobs, {
        sha256,
        size,
        contentType: isThumb ? 'image/webp' : record.kind === 'image' ? record.contentType : servedContentType(record.contentType),
        disposition: contentDisposition(inline ? 'inline' : 'attachment', name),
        cacheControl: 'private, max-age=86400',
      });
    };
    app.get('/attachments/:id', { schema: { params: AttachmentParams } }, download('file'));
    app.get('/attachments/:id/thumbnail', { schema: { params: AttachmentParams } }, download('thumbnail'));
  };
}
