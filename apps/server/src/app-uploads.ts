import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import { createAttachmentService, type AttachmentService } from './domain/attachments.js';
import type { Clock } from './domain/clock.js';
import type { InstanceSettingsService } from './domain/instance-settings.js';
import { avatarRoutes } from './http/avatars.js';
import { uploadRoutes } from './http/uploads.js';
import { createImageProcessor } from './lib/image-processor.js';
import { LocalBlobStore } from './storage/local-blob-store.js';
import type { Store } from './storage/types.js';

/** How often unused uploads are looked for; they are deleted once older than uploads.unusedTtlHours. */
const GC_INTERVAL_MS = 15 * 60_000;

/** Blob storage, image processing, upload/download/avatar routes, and the clean-up of unused uploads. */
export async function registerUploads(
  app: FastifyInstance,
  config: Config,
  store: Store,
  clock: Clock,
  authenticate: onRequestAsyncHookHandler,
  logger: Logger,
  settings: InstanceSettingsService,
): Promise<AttachmentService> {
  const blobs = new LocalBlobStore(join(config.dataDir, 'blobs'));
  await blobs.init();
  // The config's size is the ceiling busboy enforces; the instance settings (live) may only lower it.
  const { maxFileBytes } = config.uploads;
  const limits = {
    ...config.uploads,
    get maxFileBytes() { return settings.current().maxUploadBytes; },
    get allowedTypes() { return settings.current().allowedFileTypes; },
  };
  const attachments = createAttachmentService({
    store,
    blobs,
    clock,
    images: createImageProcessor({ maxPixels: config.uploads.maxImagePixels }),
    limits,
  });
  // One file per request; busboy stops reading past the limit and we answer 413 (see receiveFilePart).
  await app.register(multipart, { limits: { fileSize: maxFileBytes, files: 1, fields: 10, parts: 12 }, throwFileSizeLimit: false });
  await app.register(uploadRoutes(attachments, blobs, () => limits.maxFileBytes, authenticate), { prefix: '/api' });
  await app.register(avatarRoutes(attachments, blobs, () => limits.maxFileBytes, authenticate), { prefix: '/api' });
  const collect = () => attachments.collectGarbage().catch((err: unknown) => logger.error({ err }, 'upload clean-up failed'));
  const timer = setInterval(() => void collect(), GC_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  return attachments;
}
