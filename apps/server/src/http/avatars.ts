import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AvatarParams, User } from '@parley/protocol';
import type { AttachmentService } from '../domain/attachments.js';
import type { BlobStore } from '../storage/blob-store.js';
import { authOf } from './authenticate.js';
import { sendBlob } from './send-blob.js';
import { receiveFilePart } from './uploads.js';

/** `PUT/DELETE /api/me/avatar` (the caller's own) and `GET /api/avatars/:hash` (public, immutable). */
export function avatarRoutes(
  attachments: AttachmentService,
  blobs: BlobStore,
  /** The upload limit in force now (instance settings change it live). */
  maxFileBytes: () => number,
  authenticate: onRequestAsyncHookHandler,
): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.register(async (own) => {
      own.addHook('onRequest', authenticate);
      own.withTypeProvider<ZodTypeProvider>().put('/me/avatar', { schema: { response: { 200: User } } }, async (req) => {
        const { blob } = await receiveFilePart(req, blobs, maxFileBytes());
        return attachments.setAvatar(authOf(req).user.id, blob);
      });
      own.withTypeProvider<ZodTypeProvider>().delete('/me/avatar', { schema: { response: { 200: User } } }, async (req) =>
        attachments.removeAvatar(authOf(req).user.id),
      );
    });
    // Avatars are public like a profile picture: addressed by content hash, so immutable and unguessable
    // until someone shows it; only blobs that are somebody's avatar are served here.
    app.get('/avatars/:hash', { schema: { params: AvatarParams } }, async (req, reply) => {
      const { sha256, size } = await attachments.openAvatar(req.params.hash);
      return sendBlob(req, reply, blobs, { sha256, size, contentType: 'image/webp', cacheControl: 'public, max-age=31536000, immutable' });
    });
  };
}
