import { randomUUID } from 'node:crypto';
import type { Attachment, User } from '@parley/protocol';
import { isTypeAllowed, sniffType } from '../lib/file-type.js';
import { sanitizeFileName } from '../lib/file-name.js';
import { ImageTooLargeError, ImageUnreadableError, type ImageProcessor } from '../lib/image-processor.js';
import { toAttachment } from '../storage/attachment-repository.js';
import type { BlobStore, IncomingBlob } from '../storage/blob-store.js';
import type { AttachmentRecord, Store } from '../storage/types.js';
import { toUser } from './accounts.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { getReadableRoom } from './room-access.js';

export interface AttachmentLimits {
  maxFileBytes: number;
  maxImagePixels: number;
  allowedTypes: readonly string[];
  unusedTtlHours: number;
}

export interface AttachmentDeps {
  store: Store;
  blobs: BlobStore;
  images: ImageProcessor;
  clock: Clock;
  limits: AttachmentLimits;
}

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
const notFound = () => new DomainError('attachment_not_found', 'Attachment not found');

export function createAttachmentService({ store, blobs, images, clock, limits }: AttachmentDeps) {
  // Committing a blob plus inserting its row, and sweeping unreferenced blobs, never interleave:
  // otherwise a sweep could delete a blob between a re-upload's commit and its row insert.
  let lock: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = lock.then(fn, fn);
    lock = run.catch(() => undefined);
    return run;
  }

  async function checkUpload(blob: IncomingBlob) {
    if (blob.truncated) throw new DomainError('payload_too_large', `File is larger than the ${mib(limits.maxFileBytes)} limit`);
    if (blob.size === 0) throw new DomainError('invalid_request', 'The file is empty');
    const type = sniffType(await blobs.peek(blob, 64));
    if (!isTypeAllowed(type.contentType, limits.allowedTypes)) {
      throw new DomainError('unsupported_media_type', `Files of type ${type.contentType} are not allowed here`);
    }
    return type;
  }

  async function processImage<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof ImageTooLargeError) {
        throw new DomainError('payload_too_large', `Image is larger than ${limits.maxImagePixels / 1_000_000} megapixels`);
      }
      if (err instanceof ImageUnreadableError) throw new DomainError('invalid_request', 'The image is corrupt or truncated');
      throw err;
    }
  }

  /** Deletes blobs that no attachment and no avatar uses any more. */
  async function sweep(hashes: readonly string[]): Promise<void> {
    await exclusive(async () => {
      for (const h of hashes) {
        if (!(await store.attachments.isBlobReferenced(h)) && !(await store.users.isAvatarBlob(h))) await blobs.delete(h);
      }
    });
  }

  async function storeUpload(uploaderId: string, blob: IncomingBlob, fileName: string): Promise<AttachmentRecord> {
    const type = await checkUpload(blob);
    const base = { id: randomUUID(), uploaderId, name: sanitizeFileName(fileName), roomId: null, messageId: null, createdAt: clock() };
    if (!type.image) {
      const record: AttachmentRecord = {
        ...base, kind: 'file', contentType: type.contentType, size: blob.size, sha256: blob.sha256,
        width: null, height: null, thumbSha256: null, thumbWidth: null, thumbHeight: null,
      };
      await exclusive(async () => {
        await blobs.commit(blob);
        await store.attachments.insert(record);
      });
      return record;
    }
    const format = type.image;
    const prepared = await processImage(() => images.prepare(blob.path, format));
    await blobs.discard(blob); // the original, with its EXIF, is never kept
    const served = await blobs.receiveBuffer(prepared.served);
    const thumb = await blobs.receiveBuffer(prepared.thumbnail);
    const record: AttachmentRecord = {
      ...base, kind: 'image', contentType: type.contentType, size: served.size, sha256: served.sha256,
      width: prepared.width, height: prepared.height,
      thumbSha256: thumb.sha256, thumbWidth: prepared.thumbnailWidth, thumbHeight: prepared.thumbnailHeight,
    };
    await exclusive(async () => {
      await blobs.commit(served);
      await blobs.commit(thumb);
      await store.attachments.insert(record);
    });
    return record;
  }

  return {
    /** Stores an upload; nothing is posted until a message uses it. The temp blob is always consumed. */
    async upload(uploaderId: string, blob: IncomingBlob, fileName: string): Promise<Attachment> {
      try {
        return toAttachment(await storeUpload(uploaderId, blob, fileName));
      } finally {
        await blobs.discard(blob);
      }
    },

    /** An attachment the user may download: their own unused upload, or one in a room they can read. */
    async open(userId: string, id: string, variant: 'file' | 'thumbnail') {
      const record = await store.attachments.findById(id);
      if (!record) throw notFound();
      if (record.messageId === null || record.roomId === null) {
        if (record.uploaderId !== userId) throw notFound();
      } else {
        await getReadableRoom(store, record.roomId, userId).catch((err: unknown) => {
          if (err instanceof DomainError) throw notFound();
          throw err;
        });
      }
      const sha256 = variant === 'file' ? record.sha256 : record.thumbSha256;
      const stored = sha256 && (await blobs.stat(sha256));
      if (!sha256 || !stored) throw notFound();
      return { record, sha256, size: stored.size };
    },

    /** Replaces the user's avatar with square crops of an uploaded image. */
    async setAvatar(userId: string, blob: IncomingBlob): Promise<User> {
      try {
        const type = await checkUpload(blob);
        if (!type.image) throw new DomainError('unsupported_media_type', 'An avatar must be a JPEG, PNG, GIF or WebP image');
        const { small, large } = await processImage(() => images.avatar(blob.path));
        const [s, l] = [await blobs.receiveBuffer(small), await blobs.receiveBuffer(large)];
        const before = await store.users.findById(userId);
        await exclusive(async () => {
          await blobs.commit(s);
          await blobs.commit(l);
          await store.users.update(userId, { avatarSmall: s.sha256, avatarLarge: l.sha256 }, clock());
        });
        await sweep([before?.avatarSmall, before?.avatarLarge].filter((h): h is string => !!h));
      } finally {
        await blobs.discard(blob);
      }
      return toUser((await store.users.findById(userId))!); // the caller is authenticated, so the user exists
    },

    async removeAvatar(userId: string): Promise<User> {
      const before = await store.users.findById(userId);
      await store.users.update(userId, { avatarSmall: null, avatarLarge: null }, clock());
      await sweep([before?.avatarSmall, before?.avatarLarge].filter((h): h is string => !!h));
      return toUser((await store.users.findById(userId))!); // the caller is authenticated, so the user exists
    },

    /** An avatar blob, public: only blobs that are someone's current avatar are served. */
    async openAvatar(sha256: string) {
      const stored = (await store.users.isAvatarBlob(sha256)) && (await blobs.stat(sha256));
      if (!stored) throw new DomainError('not_found', 'Avatar not found');
      return { sha256, size: stored.size };
    },

    /** Deletes uploads never used within the TTL, and their blobs. */
    async collectGarbage(): Promise<void> {
      await sweep(await store.attachments.deleteUnusedBefore(clock() - limits.unusedTtlHours * 3_600_000));
    },

    /** Drops a deleted room's attachments, and their blobs unless another message still uses them. */
    async roomDeleted(roomId: string): Promise<void> {
      await sweep(await store.attachments.deleteForRoom(roomId));
    },

    /** Deletes the blobs of a deleted message's attachments (rows already gone) unless still used elsewhere. */
    releaseBlobs: (sha256s: readonly string[]): Promise<void> => sweep(sha256s),
  };
}

/** Checks that the sender may post these uploads in one message of this kind; returns them in order. */
export async function loadAttachmentsForMessage(
  store: Store,
  senderId: string,
  kind: 'image' | 'file',
  ids: readonly string[],
): Promise<Attachment[]> {
  const records = new Map((await store.attachments.findMany(ids)).map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = records.get(id);
    // Someone else's upload, or one already posted, is as unknown as a missing one.
    if (!r || r.uploaderId !== senderId || r.messageId !== null) {
      throw new DomainError('attachment_not_found', `Attachment ${id} not found (upload it first; each upload is posted once)`);
    }
    if (kind === 'image' && r.kind !== 'image') throw new DomainError('invalid_request', 'An image message may only carry images');
    return toAttachment(r);
  });
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
